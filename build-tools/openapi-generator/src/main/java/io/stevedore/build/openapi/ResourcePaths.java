package io.stevedore.build.openapi;

import io.stevedore.build.openapi.Operation.Parameter;
import io.stevedore.build.openapi.Operation.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the paths and operations of served resources as Kubernetes publishes them: list, create,
 * deletecollection, read, replace, patch, delete, the watch paths, and each subresource.
 */
final class ResourcePaths {

    static final String STATUS = ModelSchemas.META + ".Status";
    static final String DELETE_OPTIONS = ModelSchemas.META + ".DeleteOptions";
    static final String WATCH_EVENT = ModelSchemas.META + ".WatchEvent";
    static final String API_RESOURCE_LIST = ModelSchemas.META + ".APIResourceList";
    static final String SCALE = "io.k8s.api.autoscaling.v1.Scale";
    static final String EVICTION = "io.k8s.api.policy.v1.Eviction";
    static final String BINDING = "io.k8s.api.core.v1.Binding";

    static final List<String> PATCH_TYPES = List.of("application/json-patch+json", "application/merge-patch+json",
            "application/strategic-merge-patch+json", "application/apply-patch+yaml");
    private static final List<String> ANY = List.of("*/*");
    private static final List<String> OBJECT_TYPES = List.of("application/json", "application/yaml",
            "application/vnd.kubernetes.protobuf");
    private static final List<String> STREAM_TYPES = List.of("application/json", "application/yaml",
            "application/vnd.kubernetes.protobuf", "application/json;stream=watch",
            "application/vnd.kubernetes.protobuf;stream=watch");
    private static final List<String> LOG_TYPES = List.of("text/plain", "application/json", "application/yaml",
            "application/vnd.kubernetes.protobuf");

    private static final Parameter PRETTY = query("pretty", "If 'true', the output is indented for humans to read.", "string");
    private static final Parameter NAMESPACE = new Parameter("namespace", "path",
            "the namespace the object lives in", "string", true);
    private static final List<Parameter> LIST_PARAMS = List.of(
            query("allowWatchBookmarks", "Asks a watch to send BOOKMARK events; the server may ignore it.", "boolean"),
            query("continue", "The continue token of the previous page of a paged list.", "string"),
            query("fieldSelector", "Selects objects by their fields, e.g. metadata.name=x. Defaults to everything.", "string"),
            query("labelSelector", "Selects objects by their labels. Defaults to everything.", "string"),
            query("limit", "The largest number of items to return in one page; a continue token is returned when more remain.", "integer"),
            query("resourceVersion", "The resource version the list or watch starts from; how it is matched depends on resourceVersionMatch.", "string"),
            query("resourceVersionMatch", "How resourceVersion is applied to a list: Exact or NotOlderThan.", "string"),
            query("sendInitialEvents", "With watch=true, starts the watch with synthetic ADDED events for the existing objects, ended by a bookmark.", "boolean"),
            query("timeoutSeconds", "Ends the list or watch call after this many seconds.", "integer"),
            query("watch", "Watches for changes to the described objects and returns them as a stream of events instead of a list.", "boolean"));
    private static final Parameter DRY_RUN = query("dryRun",
            "When present, the request is processed but nothing is persisted. The only valid value is All.", "string");
    private static final Parameter FIELD_MANAGER = query("fieldManager",
            "The name of the actor making the change, recorded in managedFields.", "string");
    private static final Parameter FIELD_VALIDATION = query("fieldValidation",
            "How the server treats unknown or duplicate fields in the request body: Ignore drops them, "
                    + "Warn (the default) drops them with a warning header, Strict fails the request.", "string");
    private static final Parameter FORCE = query("force",
            "Forces an apply patch: the caller takes over fields owned by other managers. Only valid for apply patches.", "boolean");

    private final ModelSchemas schemas;
    private final List<Parameter> deleteParams;

    ResourcePaths(ModelSchemas schemas) {
        this.schemas = schemas;
        Map<String, String> d = deleteOptionDescriptions();
        this.deleteParams = List.of(
                query("gracePeriodSeconds", d.get("gracePeriodSeconds"), "integer"),
                query("orphanDependents", d.get("orphanDependents"), "boolean"),
                query("propagationPolicy", d.get("propagationPolicy"), "string"),
                DRY_RUN);
    }

    /** The paths of one group-version: its resource list and every served resource in it. */
    List<PathItem> build(GroupVersion gv, List<ServedResource> resources) {
        List<PathItem> out = new ArrayList<>();
        String p = gv.urlPrefix();
        out.add(new PathItem(p + "/", List.of(), List.of(new Operation("get", "get" + gv.operationPrefix() + "APIResources",
                "get the resources available in this group-version", null, null, List.of(), null, List.of(),
                Map.of(200, new Response("OK", API_RESOURCE_LIST)), OBJECT_TYPES, gv.tag()))));
        for (ServedResource r : resources) {
            addResource(out, gv, r);
        }
        out.sort((a, b) -> a.path().compareTo(b.path()));
        return out;
    }

    private void addResource(List<PathItem> out, GroupVersion gv, ServedResource r) {
        if (r.createOnly()) {
            addCreateOnly(out, gv, r);
            return;
        }
        String p = gv.urlPrefix();
        String op = gv.operationPrefix();
        String kindDef = schemas.define(ModelSchemas.modelOfKind(gv, r.kind()), gv.definitionPackage());
        String listDef = schemas.define(ModelSchemas.modelOfKind(gv, r.kind() + "List"), gv.definitionPackage());
        Gvk gvk = new Gvk(gv.group(), gv.version(), r.kind());
        schemas.addGvk(kindDef, gvk);
        schemas.addGvk(listDef, new Gvk(gv.group(), gv.version(), r.kind() + "List"));
        String ns = r.namespaced() ? "Namespaced" : "";
        String collection = r.namespaced() ? p + "/namespaces/{namespace}/" + r.plural() : p + "/" + r.plural();
        String watchCollection = r.namespaced() ? p + "/watch/namespaces/{namespace}/" + r.plural() : p + "/watch/" + r.plural();
        List<Parameter> scope = r.namespaced() ? List.of(NAMESPACE, PRETTY) : List.of(PRETTY);
        List<Parameter> itemScope = new ArrayList<>();
        itemScope.add(nameParam(r.kind()));
        itemScope.addAll(scope);
        String tag = gv.tag();

        List<Parameter> deleteCollectionParams = new ArrayList<>(deleteParams);
        deleteCollectionParams.addAll(LIST_PARAMS);
        out.add(new PathItem(collection, scope, List.of(
                new Operation("get", "list" + op + ns + r.kind(), "list or watch objects of kind " + r.kind(), "list", gvk,
                        LIST_PARAMS, null, List.of(), Map.of(200, new Response("OK", listDef)), STREAM_TYPES, tag),
                new Operation("post", "create" + op + ns + r.kind(), "create a " + r.kind(), "post", gvk,
                        List.of(DRY_RUN, FIELD_MANAGER, FIELD_VALIDATION), kindDef, ANY, created(kindDef), OBJECT_TYPES, tag),
                new Operation("delete", "delete" + op + "Collection" + ns + r.kind(), "delete a collection of " + r.kind(),
                        "deletecollection", gvk, deleteCollectionParams, DELETE_OPTIONS, ANY,
                        Map.of(200, new Response("OK", STATUS)), OBJECT_TYPES, tag))));
        out.add(new PathItem(collection + "/{name}", itemScope, List.of(
                new Operation("get", "read" + op + ns + r.kind(), "read the specified " + r.kind(), "get", gvk,
                        List.of(), null, List.of(), Map.of(200, new Response("OK", kindDef)), OBJECT_TYPES, tag),
                new Operation("put", "replace" + op + ns + r.kind(), "replace the specified " + r.kind(), "put", gvk,
                        List.of(DRY_RUN, FIELD_MANAGER, FIELD_VALIDATION), kindDef, ANY, replaced(kindDef), OBJECT_TYPES, tag),
                new Operation("delete", "delete" + op + ns + r.kind(), "delete a " + r.kind(), "delete", gvk,
                        deleteParams, DELETE_OPTIONS, ANY, accepted(STATUS), OBJECT_TYPES, tag),
                patch("patch" + op + ns + r.kind(), "partially update the specified " + r.kind(), gvk, kindDef, tag))));
        if (r.namespaced()) {
            out.add(new PathItem(p + "/" + r.plural(), withList(PRETTY), List.of(
                    new Operation("get", "list" + op + r.kind() + "ForAllNamespaces",
                            "list or watch objects of kind " + r.kind(), "list", gvk, List.of(), null, List.of(),
                            Map.of(200, new Response("OK", listDef)), STREAM_TYPES, tag))));
            out.add(new PathItem(p + "/watch/" + r.plural(), withList(PRETTY), List.of(
                    watch("watch" + op + r.kind() + "ListForAllNamespaces",
                            "watch changes to a list of " + r.kind() + "; deprecated: use the watch parameter of list",
                            "watchlist", gvk, tag))));
        }
        List<Parameter> watchScope = new ArrayList<>(scope);
        watchScope.addAll(LIST_PARAMS);
        out.add(new PathItem(watchCollection, watchScope, List.of(
                watch("watch" + op + ns + r.kind() + "List",
                        "watch changes to a list of " + r.kind() + "; deprecated: use the watch parameter of list",
                        "watchlist", gvk, tag))));
        List<Parameter> watchItemScope = new ArrayList<>(itemScope);
        watchItemScope.addAll(LIST_PARAMS);
        out.add(new PathItem(watchCollection + "/{name}", watchItemScope, List.of(
                watch("watch" + op + ns + r.kind(),
                        "watch changes to an object of kind " + r.kind()
                                + "; deprecated: use the watch parameter of list with a fieldSelector on the name",
                        "watch", gvk, tag))));
        for (String sub : r.subresources()) {
            addSubresource(out, gv, r, sub, collection + "/{name}/" + sub, itemScope, kindDef, gvk, ns);
        }
    }

    /** A review kind: POST on the (cluster-scoped or namespaced) collection only, as Kubernetes publishes it. */
    private void addCreateOnly(List<PathItem> out, GroupVersion gv, ServedResource r) {
        String kindDef = schemas.define(ModelSchemas.modelOfKind(gv, r.kind()), gv.definitionPackage());
        Gvk gvk = new Gvk(gv.group(), gv.version(), r.kind());
        schemas.addGvk(kindDef, gvk);
        String ns = r.namespaced() ? "Namespaced" : "";
        String collection = r.namespaced()
                ? gv.urlPrefix() + "/namespaces/{namespace}/" + r.plural() : gv.urlPrefix() + "/" + r.plural();
        List<Parameter> scope = r.namespaced() ? List.of(NAMESPACE, PRETTY) : List.of(PRETTY);
        out.add(new PathItem(collection, scope, List.of(
                new Operation("post", "create" + gv.operationPrefix() + ns + r.kind(), "create a " + r.kind(), "post", gvk,
                        List.of(DRY_RUN, FIELD_MANAGER, FIELD_VALIDATION), kindDef, ANY, created(kindDef), OBJECT_TYPES,
                        gv.tag()))));
    }

    private void addSubresource(List<PathItem> out, GroupVersion gv, ServedResource r, String sub, String path,
                                List<Parameter> itemScope, String kindDef, Gvk gvk, String ns) {
        String op = gv.operationPrefix();
        String tag = gv.tag();
        String suffix = ns + r.kind() + capitalize(sub);
        List<Parameter> pathOnly = itemScope.stream().filter(x -> !x.name().equals("pretty")).toList();
        switch (sub) {
            case "status", "scale" -> {
                String def = kindDef;
                Gvk g = gvk;
                if (sub.equals("scale")) {
                    def = schemas.define(ModelSchemas.model("V1Scale"), gv.definitionPackage());
                    g = new Gvk("autoscaling", "v1", "Scale");
                    schemas.addGvk(def, g);
                }
                out.add(new PathItem(path, itemScope, List.of(
                        new Operation("get", "read" + op + suffix, "read " + sub + " of the specified " + r.kind(), "get", g,
                                List.of(), null, List.of(), Map.of(200, new Response("OK", def)), OBJECT_TYPES, tag),
                        new Operation("put", "replace" + op + suffix, "replace " + sub + " of the specified " + r.kind(), "put", g,
                                List.of(DRY_RUN, FIELD_MANAGER, FIELD_VALIDATION), def, ANY, replaced(def), OBJECT_TYPES, tag),
                        patch("patch" + op + suffix, "partially update " + sub + " of the specified " + r.kind(), g, def, tag))));
            }
            case "finalize" -> out.add(new PathItem(path, itemScope, List.of(
                    new Operation("put", "replace" + op + suffix, "replace finalize of the specified " + r.kind(), "put", gvk,
                            List.of(DRY_RUN, FIELD_MANAGER, FIELD_VALIDATION), kindDef, ANY, replaced(kindDef), OBJECT_TYPES, tag))));
            case "binding", "eviction", "token" -> {
                String def = switch (sub) {
                    case "binding" -> schemas.define(ModelSchemas.model("V1Binding"), "io.k8s.api.core.v1");
                    case "eviction" -> schemas.define(ModelSchemas.model("V1Eviction"), "io.k8s.api.policy.v1");
                    default -> schemas.define(ModelSchemas.model("AuthenticationV1TokenRequest"),
                            "io.k8s.api.authentication.v1");
                };
                Gvk g = switch (sub) {
                    case "binding" -> new Gvk("", "v1", "Binding");
                    case "eviction" -> new Gvk("policy", "v1", "Eviction");
                    default -> new Gvk("authentication.k8s.io", "v1", "TokenRequest");
                };
                schemas.addGvk(def, g);
                List<Parameter> scope = new ArrayList<>(pathOnly);
                scope.set(0, new Parameter("name", "path", "name of the " + g.kind(), "string", true));
                scope.add(PRETTY);
                out.add(new PathItem(path, scope, List.of(
                        new Operation("post", "create" + op + suffix, "create " + sub + " of a " + r.kind(), "post", g,
                                List.of(DRY_RUN, FIELD_MANAGER, FIELD_VALIDATION), def, ANY, created(def), OBJECT_TYPES, tag))));
            }
            case "log" -> out.add(new PathItem(path, pathOnly, List.of(
                    new Operation("get", "read" + op + suffix, "read log of the specified " + r.kind(), "get", gvk,
                            logParams(), null, List.of(), Map.of(200, new Response("OK", null)), LOG_TYPES, tag))));
            case "exec", "attach", "portforward" -> {
                String optionsKind = switch (sub) {
                    case "exec" -> "PodExecOptions";
                    case "attach" -> "PodAttachOptions";
                    default -> "PodPortForwardOptions";
                };
                Gvk g = new Gvk("", "v1", optionsKind);
                List<Parameter> params = connectParams(sub);
                String name = ns + r.kind() + capitalize(sub);
                List<Parameter> scope = new ArrayList<>(pathOnly);
                scope.set(0, new Parameter("name", "path", "name of the " + optionsKind, "string", true));
                scope.addAll(params);
                out.add(new PathItem(path, scope, List.of(
                        connect("get", "connectGet" + op + name, "connect GET requests to " + sub + " of " + r.kind(), g, tag),
                        connect("post", "connectPost" + op + name, "connect POST requests to " + sub + " of " + r.kind(), g, tag))));
            }
            default -> throw new IllegalArgumentException("unknown subresource " + r.plural() + "/" + sub);
        }
    }

    private static Operation patch(String id, String description, Gvk gvk, String def, String tag) {
        return new Operation("patch", id, description, "patch", gvk,
                List.of(DRY_RUN, FIELD_MANAGER, FIELD_VALIDATION, FORCE), ModelSchemas.PATCH, PATCH_TYPES,
                replaced(def), OBJECT_TYPES, tag);
    }

    private static Operation watch(String id, String description, String action, Gvk gvk, String tag) {
        return new Operation("get", id, description, action, gvk, List.of(), null, List.of(),
                Map.of(200, new Response("OK", WATCH_EVENT)), STREAM_TYPES, tag);
    }

    private static Operation connect(String method, String id, String description, Gvk gvk, String tag) {
        return new Operation(method, id, description, "connect", gvk, List.of(), null, List.of(),
                Map.of(200, new Response("OK", null)), ANY, tag);
    }

    private static List<Parameter> logParams() {
        return List.of(
                query("container", "The container to stream the log of. Defaults to the only container, if there is one.", "string"),
                query("follow", "Follow the log stream of the pod.", "boolean"),
                query("insecureSkipTLSVerifyBackend", "Skips verifying the serving certificate of the kubelet the log is read from.", "boolean"),
                query("limitBytes", "Stops after this many bytes of log.", "integer"),
                query("previous", "Returns the log of the previous, terminated instance of the container.", "boolean"),
                query("sinceSeconds", "Returns only log lines newer than this many seconds.", "integer"),
                query("stream", "The stream to return: All, Stdout or Stderr.", "string"),
                query("tailLines", "Returns this many lines from the end of the log.", "integer"),
                query("timestamps", "Prefixes every line with an RFC 3339 timestamp.", "boolean"));
    }

    private static List<Parameter> connectParams(String sub) {
        if (sub.equals("portforward")) {
            return List.of(query("ports", "The container ports to forward.", "integer"));
        }
        List<Parameter> p = new ArrayList<>();
        if (sub.equals("exec")) {
            p.add(query("command", "The command to run; repeat the parameter for each argument.", "string"));
        }
        p.add(query("container", "The container to " + sub + " to. Defaults to the only container, if there is one.", "string"));
        p.add(query("stderr", "Whether to stream the standard error.", "boolean"));
        p.add(query("stdin", "Whether to stream the standard input.", "boolean"));
        p.add(query("stdout", "Whether to stream the standard output.", "boolean"));
        p.add(query("tty", "Whether the standard input is a terminal.", "boolean"));
        return p;
    }

    private static List<Parameter> withList(Parameter first) {
        List<Parameter> out = new ArrayList<>(LIST_PARAMS);
        out.add(first);
        out.sort((a, b) -> a.name().compareTo(b.name()));
        return out;
    }

    private static Parameter nameParam(String kind) {
        return new Parameter("name", "path", "name of the " + kind, "string", true);
    }

    private static Parameter query(String name, String description, String type) {
        return new Parameter(name, "query", description, type, false);
    }

    private static Map<Integer, Response> created(String def) {
        Map<Integer, Response> m = new LinkedHashMap<>();
        m.put(200, new Response("OK", def));
        m.put(201, new Response("Created", def));
        m.put(202, new Response("Accepted", def));
        return m;
    }

    private static Map<Integer, Response> replaced(String def) {
        Map<Integer, Response> m = new LinkedHashMap<>();
        m.put(200, new Response("OK", def));
        m.put(201, new Response("Created", def));
        return m;
    }

    private static Map<Integer, Response> accepted(String def) {
        Map<Integer, Response> m = new LinkedHashMap<>();
        m.put(200, new Response("OK", def));
        m.put(202, new Response("Accepted", def));
        return m;
    }

    /** The descriptions client-java-api carries for DeleteOptions' fields, reused for the query parameters. */
    private Map<String, String> deleteOptionDescriptions() {
        String def = schemas.define(ModelSchemas.model("V1DeleteOptions"), ModelSchemas.META);
        Map<String, String> out = new LinkedHashMap<>();
        var props = schemas.definitions().get(def).getAsJsonObject("properties");
        for (String k : List.of("gracePeriodSeconds", "orphanDependents", "propagationPolicy")) {
            out.put(k, props.getAsJsonObject(k).get("description").getAsString());
        }
        return out;
    }

    private static String capitalize(String s) {
        return s.substring(0, 1).toUpperCase(java.util.Locale.ROOT) + s.substring(1);
    }
}
