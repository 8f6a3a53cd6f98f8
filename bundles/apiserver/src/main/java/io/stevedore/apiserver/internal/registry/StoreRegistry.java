package io.stevedore.apiserver.internal.registry;

import io.stevedore.api.ApiException;
import io.stevedore.api.ResourceType;
import io.stevedore.api.ResourceTypes;
import io.stevedore.api.registry.DeleteOptions;
import io.stevedore.api.registry.DeleteResult;
import io.stevedore.api.registry.ListOptions;
import io.stevedore.api.registry.ObjectList;
import io.stevedore.api.registry.PatchType;
import io.stevedore.api.registry.Registry;
import io.stevedore.api.registry.ServiceAccountIssuer;
import io.stevedore.api.registry.Table;
import io.stevedore.api.registry.WatchEvent;
import io.stevedore.api.registry.WriteOptions;
import io.stevedore.api.store.KeyValue;
import io.stevedore.api.store.ListResult;
import io.stevedore.api.store.Store;
import io.stevedore.api.store.StoreException;
import io.stevedore.apiserver.internal.Json;
import io.stevedore.apiserver.internal.kinds.KindStrategies;
import io.stevedore.apiserver.internal.kinds.KindStrategy;
import io.stevedore.apiserver.internal.kinds.Scales;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The registry over a {@link Store}: Kubernetes' generic registry semantics (defaults, validation,
 * optimistic concurrency, finalizers, graceful deletion, selectors, paging) with per-kind rules from
 * {@link KindStrategy}.
 */
public final class StoreRegistry implements Registry, ServiceAccountIssuer {

    static final int MAX_CAS_RETRIES = 16;
    private static final String GENERATE_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
    private static final List<String> SYSTEM_NAMESPACES = List.of("default", "kube-system", "kube-public", "kube-node-lease");

    private final Store store;
    private final Clock clock;
    private final Patcher patcher;
    private final SecureRandom random = new SecureRandom();
    private final ActiveNamespaces activeNamespaces = new ActiveNamespaces();
    private final PriorityAdmission priorityAdmission;
    private final ServiceAccountTokens tokens;
    private final EventsV1 eventsV1;
    private volatile long bookmarkIntervalMillis = 60_000;

    public StoreRegistry(Store store, Clock clock, Patcher patcher) {
        this.store = store;
        this.clock = clock;
        this.patcher = patcher;
        this.priorityAdmission = new PriorityAdmission(this, store);
        this.tokens = new ServiceAccountTokens(this, new SigningKeys(store));
        this.eventsV1 = new EventsV1(this);
    }

    /**
     * Service account token settings ({@code --service-account-issuer}, {@code --api-audiences},
     * {@code --service-account-max-token-expiration}, {@code --service-account-extend-token-expiration},
     * {@code --service-account-jwks-uri}, empty for the API server's own address).
     */
    public void setTokenSettings(List<String> issuers, List<String> apiAudiences, long maxExpirationSeconds,
                                 boolean extendExpiration, String jwksUri) {
        tokens.configure(new ServiceAccountTokens.Settings(issuers, apiAudiences, maxExpirationSeconds,
                extendExpiration, jwksUri));
    }

    @Override
    public Optional<ObjectNode> openIdConfiguration(String serverBaseUri) {
        return tokens.discoverable() ? Optional.of(tokens.openIdConfiguration(serverBaseUri)) : Optional.empty();
    }

    @Override
    public Optional<ObjectNode> jwks() {
        return tokens.discoverable() ? Optional.of(tokens.jwks()) : Optional.empty();
    }

    /**
     * Gets the registry going: creates the system namespaces and the built-in priority classes.
     * (Terminating namespaces are the controller manager's namespace controller's to finish.)
     */
    public void start() {
        ensureSystemNamespaces();
        priorityAdmission.ensureSystemClasses();
    }

    /** Creates the namespaces every cluster has (default, kube-system, kube-public, kube-node-lease). */
    public void ensureSystemNamespaces() {
        for (String ns : SYSTEM_NAMESPACES) {
            if (store.get(Keys.key(ResourceTypes.NAMESPACES, null, ns)).isEmpty()) {
                ObjectNode o = Json.NODES.objectNode();
                o.put("apiVersion", "v1");
                o.put("kind", "Namespace");
                Json.meta(o).put("name", ns);
                try {
                    create(ResourceTypes.NAMESPACES, null, o, null, WriteOptions.manager("stevedore"));
                } catch (ApiException e) {
                    if (e.code() != 409) {
                        throw e;
                    }
                }
            }
        }
    }

    public Store store() {
        return store;
    }

    // ---------------------------------------------------------------- reads

    @Override
    public ObjectNode get(ResourceType type, String namespace, String name, String subresource) {
        if (type == ResourceTypes.EVENTS_V1) {
            return eventsV1.get(namespace, name, subresource);
        }
        ObjectNode obj = read(type, namespace, name).orElseThrow(() -> ApiException.notFound(type, name));
        if (subresource == null || subresource.equals("status")) {
            return obj;
        }
        if (subresource.equals("scale") && type.hasSubresource("scale")) {
            return Scales.of(type, obj);
        }
        throw ApiException.pathNotFound();
    }

    Optional<ObjectNode> read(ResourceType type, String namespace, String name) {
        checkNamespace(type, namespace);
        return store(() -> store.get(Keys.key(type, namespace, name))).map(StoredObjects::decode);
    }

    @Override
    public ObjectList list(ResourceType type, String namespace, ListOptions options) {
        if (type == ResourceTypes.EVENTS_V1) {
            return eventsV1.list(namespace, options);
        }
        ListQuery q = ListQuery.of(options);
        Predicate<ObjectNode> filter = Selectors.compile(type, options.labelSelector(), options.fieldSelector());
        String prefix = Keys.prefix(type, namespace);
        String startAfter = q.continueFrom() == null ? null : prefix + q.continueFrom();
        long atRevision = q.revision();
        boolean filtered = options.labelSelector() != null && !options.labelSelector().isBlank()
                || options.fieldSelector() != null && !options.fieldSelector().isBlank();
        List<ObjectNode> items = new ArrayList<>();
        long limit = q.limit();
        long listRevision = 0;
        String lastKey = null;
        boolean more = false;
        long remaining = 0;
        while (true) {
            int chunk = limit <= 0 ? 0 : (int) Math.min(Math.max(limit - items.size(), 1) * (filtered ? 4 : 1), 10_000);
            final String from = startAfter;
            final long at = atRevision;
            ListResult page;
            try {
                page = store.list(prefix, from, chunk, at);
            } catch (StoreException e) {
                if (e.kind() == StoreException.Kind.COMPACTED && q.continueFrom() != null) {
                    throw ApiException.expired("The provided continue parameter is too old to display a consistent "
                            + "list result. You can start a new list without the continue parameter, or use the "
                            + "continue token in this response to retrieve the remainder of the results. Continuing "
                            + "with the provided token results in an inconsistent list - objects that were created, "
                            + "modified, or deleted between the time the first chunk was returned and now may show up "
                            + "in the list.");
                }
                throw Errors.fromStore(type, null, e);
            }
            listRevision = page.revision();
            atRevision = page.revision();
            more = page.more();
            remaining = page.remaining();
            for (KeyValue kv : page.items()) {
                lastKey = kv.key();
                ObjectNode o = StoredObjects.decode(kv);
                if (filter.test(o)) {
                    items.add(o);
                }
                if (limit > 0 && items.size() >= limit) {
                    int idx = page.items().indexOf(kv);
                    if (idx < page.items().size() - 1) {
                        more = true;
                        remaining += page.items().size() - 1 - idx;
                    }
                    break;
                }
            }
            if (limit <= 0 || items.size() >= limit || !more) {
                break;
            }
            startAfter = lastKey;
        }
        String token = null;
        Long remainingCount = null;
        if (limit > 0 && more && lastKey != null) {
            token = new ContinueToken(listRevision, lastKey.substring(prefix.length()) + "\u0000").encode();
            if (!filtered) {
                remainingCount = remaining;
            }
        }
        return new ObjectList(items, Long.toString(listRevision), token, remainingCount);
    }

    // ---------------------------------------------------------------- create

    @Override
    public ObjectNode createSubresource(ResourceType type, String namespace, String name, String subresource,
                                        ObjectNode object, WriteOptions options) {
        if (type == ResourceTypes.SERVICEACCOUNTS && "token".equals(subresource)) {
            return tokens.request(namespace, name, object, options);
        }
        return Registry.super.createSubresource(type, namespace, name, subresource, object, options);
    }

    @Override
    public ObjectNode create(ResourceType type, String namespace, ObjectNode object, String subresource,
                             WriteOptions options) {
        if (type == ResourceTypes.EVENTS_V1) {
            return eventsV1.create(namespace, object, subresource, options);
        }
        return create(type, namespace, object, subresource, options, true);
    }

    private ObjectNode create(ResourceType type, String namespace, ObjectNode object, String subresource,
                              WriteOptions options, boolean recordManagedFields) {
        if (subresource != null) {
            if (type == ResourceTypes.PODS && subresource.equals("binding")) {
                return Binding.bind(this, namespace, object, options);
            }
            throw ApiException.methodNotAllowed();
        }
        if (type == ResourceTypes.SELFSUBJECTACCESSREVIEWS) {
            return AccessReviews.answer(object);
        }
        if (type == ResourceTypes.TOKENREVIEWS) {
            return tokens.review(object);
        }
        KindStrategy strategy = KindStrategies.forType(type);
        ObjectNode obj = object.deepCopy();
        checkTypeMeta(type, obj);
        FieldValidation.apply(type, obj, options);
        ObjectNode meta = Json.meta(obj);
        omitEmptyMeta(meta);
        alignNamespace(type, namespace, meta);
        String name = Json.text(meta, "name");
        if ((name == null || name.isEmpty())) {
            String generate = Json.text(meta, "generateName");
            if (generate != null && !generate.isEmpty()) {
                name = generate + randomSuffix();
                meta.put("name", name);
            }
        }
        if (name == null || name.isEmpty()) {
            throw ApiException.invalid(type, "", List.of(new ApiException.Cause("FieldValueRequired",
                    "Required value: name or generateName is required", "metadata.name")));
        }
        if (type.namespaced()) {
            requireActiveNamespace(type, namespace, name);
        }
        Instant now = clock.instant();
        meta.put("uid", UUID.randomUUID().toString());
        meta.put("creationTimestamp", Json.timestamp(now));
        meta.remove("resourceVersion");
        meta.remove("deletionTimestamp");
        meta.remove("deletionGracePeriodSeconds");
        meta.remove("selfLink");
        strategy.applyDefaults(obj);
        if (type == ResourceTypes.PODS) {
            priorityAdmission.admitPod(obj);
            DefaultTolerationSeconds.admit(obj);
        } else if (type == ResourceTypes.PRIORITYCLASSES) {
            priorityAdmission.admitClass(obj);
        }
        strategy.prepareForCreate(obj);
        validate(type, strategy.validate(obj), name == null ? "" : name);
        if (recordManagedFields) {
            patcher.recordUpdate(type, null, obj, options.fieldManager(), null, now);
        }
        if (options.dryRun()) {
            return obj;
        }
        KeyValue kv;
        try {
            kv = store.create(Keys.key(type, namespace, name), StoredObjects.encode(obj));
        } catch (StoreException e) {
            throw Errors.fromStore(type, name, e);
        }
        Json.meta(obj).put("resourceVersion", Long.toString(kv.modRevision()));
        return obj;
    }

    // ---------------------------------------------------------------- update

    @Override
    public Result update(ResourceType type, String namespace, String name, ObjectNode object, String subresource,
                         WriteOptions options) {
        if (type == ResourceTypes.EVENTS_V1) {
            return eventsV1.update(namespace, name, object, subresource, options);
        }
        if ("scale".equals(subresource)) {
            checkTypeMeta(Scales.API_VERSION, Scales.KIND, object);
        } else {
            checkTypeMeta(type, object);
        }
        ObjectNode meta = Json.meta(object);
        checkUrlName(object, name);
        if ("scale".equals(subresource)) {
            return new Result(ScaleSubresource.updateScale(this, type, namespace, name, object, options), false);
        }
        boolean finalize = "finalize".equals(subresource) && type == ResourceTypes.NAMESPACES;
        if (subresource != null && !subresource.equals("status") && !finalize) {
            throw ApiException.methodNotAllowed();
        }
        String expected = Json.text(meta, "resourceVersion");
        return write(type, namespace, name, subresource, options, expected, current -> {
            ObjectNode obj = object.deepCopy();
            alignNamespace(type, namespace, Json.meta(obj));
            Json.meta(obj).put("name", name);
            return obj;
        }, type == ResourceTypes.ENDPOINTS || type == ResourceTypes.LEASES || type == ResourceTypes.EVENTS, false);
    }

    @Override
    public Result patch(ResourceType type, String namespace, String name, PatchType patchType, byte[] patch,
                        String subresource, WriteOptions options) {
        if (patchType == PatchType.APPLY && (options.fieldManager() == null || options.fieldManager().isEmpty())) {
            throw ApiException.invalid("PatchOptions", "meta.k8s.io", "",
                    List.of(new ApiException.Cause("FieldValueRequired",
                            "Required value: is required for apply patch", "fieldManager")));
        }
        if (type == ResourceTypes.EVENTS_V1) {
            return eventsV1.patch(namespace, name, patchType, patch, subresource, options);
        }
        if ("scale".equals(subresource)) {
            return new Result(ScaleSubresource.patchScale(this, type, namespace, name, patchType, patch, options), false);
        }
        if (subresource != null && !subresource.equals("status")) {
            throw ApiException.methodNotAllowed();
        }
        return write(type, namespace, name, subresource, options, null, current -> {
            ObjectNode base = current == null ? null : current.deepCopy();
            ObjectNode patched = patcher.apply(type, patchType, base, patch, options, clock.instant());
            String patchedRv = Json.resourceVersion(patched);
            if (current != null && patchedRv != null && !patchedRv.isEmpty()
                    && !patchedRv.equals(Json.resourceVersion(current))) {
                throw ApiException.conflict(type, name, ApiException.OPTIMISTIC_LOCK_MESSAGE);
            }
            alignNamespace(type, namespace, Json.meta(patched));
            String patchedName = Json.name(patched);
            if (patchedName != null && !patchedName.equals(name)) {
                throw ApiException.badRequest("the name of the object (" + patchedName
                        + ") does not match the name on the URL (" + name + ")");
            }
            Json.meta(patched).put("name", name);
            return patched;
        }, patchType == PatchType.APPLY, patchType == PatchType.APPLY);
    }

    /** A mutation from the current object (null when absent and creation is allowed) to the desired one. */
    @FunctionalInterface
    interface Mutation {
        ObjectNode apply(ObjectNode current);
    }

    /**
     * Read-modify-write with optimistic concurrency: when {@code expectedRv} is given it is the
     * precondition; otherwise conflicts are retried against the newest object.
     */
    Result write(ResourceType type, String namespace, String name, String subresource, WriteOptions options,
                 String expectedRv, Mutation mutation, boolean allowCreate) {
        return write(type, namespace, name, subresource, options, expectedRv, mutation, allowCreate, false);
    }

    /** @param applied the mutation is a server-side apply, which keeps managedFields itself */
    Result write(ResourceType type, String namespace, String name, String subresource, WriteOptions options,
                 String expectedRv, Mutation mutation, boolean allowCreate, boolean applied) {
        checkNamespace(type, namespace);
        KindStrategy strategy = KindStrategies.forType(type);
        String key = Keys.key(type, namespace, name);
        for (int attempt = 0; attempt < MAX_CAS_RETRIES; attempt++) {
            Optional<KeyValue> currentKv = store(() -> store.get(key));
            if (currentKv.isEmpty()) {
                if (!allowCreate || subresource != null) {
                    throw ApiException.notFound(type, name);
                }
                ObjectNode created = mutation.apply(null);
                try {
                    return new Result(create(type, namespace, created, null, options, !applied), true);
                } catch (ApiException e) {
                    if (e.code() == 409 && "AlreadyExists".equals(e.reason())) {
                        continue;
                    }
                    throw e;
                }
            }
            KeyValue kv = currentKv.get();
            ObjectNode current = StoredObjects.decode(kv);
            if (expectedRv != null && !expectedRv.isEmpty() && !expectedRv.equals(Long.toString(kv.modRevision()))) {
                throw ApiException.conflict(type, name, ApiException.OPTIMISTIC_LOCK_MESSAGE);
            }
            ObjectNode obj = mutation.apply(current);
            // a binding is the server's own edit of the stored pod (nodeName, the PodScheduled condition): Kubernetes
            // writes it straight to storage, with no field validation of a client body and no managedFields entry
            boolean binding = "binding".equals(subresource);
            checkTypeMeta(type, obj);
            if (!binding) {
                FieldValidation.apply(type, obj, options);
            }
            preserveSystemMeta(obj, current, type, name);
            omitEmptyMeta(Json.meta(obj));
            if (!binding) {
                strategy.applyDefaults(obj); // the stored pod is defaulted and valid; a binding sets its node only
            }
            List<ApiException.Cause> errors = new ArrayList<>();
            if ("status".equals(subresource)) {
                strategy.prepareForStatusUpdate(obj, current);
            } else if ("finalize".equals(subresource)) {
                prepareForFinalize(obj, current);
            } else if (!binding) {
                strategy.prepareForUpdate(obj, current);
                errors.addAll(strategy.validateUpdate(obj, current));
                if (type == ResourceTypes.PRIORITYCLASSES && errors.isEmpty()) {
                    priorityAdmission.admitClass(obj);
                }
            }
            if (!binding) {
                errors.addAll(strategy.validate(obj));
            }
            validate(type, errors, name);
            if (!applied && !binding) {
                patcher.recordUpdate(type, current, obj, options.fieldManager(), subresource, clock.instant());
            }
            if (sameIgnoringRv(obj, current, !applied)) {
                return new Result(current, false);
            }
            if (options.dryRun()) {
                return new Result(obj, false);
            }
            boolean finalize = obj.path("metadata").has("deletionTimestamp") && !hasFinalizers(obj)
                    && Deletion.readyToRemove(obj) && !Deletion.hasSpecFinalizers(type, obj);
            try {
                if (finalize) {
                    KeyValue deleted = store.delete(key, kv.modRevision());
                    Json.meta(obj).put("resourceVersion", Long.toString(deleted.modRevision()));
                } else {
                    KeyValue written = store.update(key, StoredObjects.encode(obj), kv.modRevision());
                    Json.meta(obj).put("resourceVersion", Long.toString(written.modRevision()));
                }
                return new Result(obj, false);
            } catch (StoreException e) {
                if (e.kind() == StoreException.Kind.CONFLICT || e.kind() == StoreException.Kind.KEY_NOT_FOUND) {
                    if (expectedRv != null && !expectedRv.isEmpty()) {
                        throw ApiException.conflict(type, name, ApiException.OPTIMISTIC_LOCK_MESSAGE);
                    }
                    continue;
                }
                throw Errors.fromStore(type, name, e);
            }
        }
        throw ApiException.conflict(type, name, ApiException.OPTIMISTIC_LOCK_MESSAGE);
    }

    // ---------------------------------------------------------------- delete

    @Override
    public DeleteResult delete(ResourceType type, String namespace, String name, DeleteOptions options) {
        if (type == ResourceTypes.EVENTS_V1) {
            return eventsV1.delete(namespace, name, options);
        }
        return Deletion.delete(this, type, namespace, name, options);
    }

    @Override
    public ObjectList deleteCollection(ResourceType type, String namespace, ListOptions listOptions,
                                       DeleteOptions options) {
        if (type == ResourceTypes.EVENTS_V1) {
            return eventsV1.deleteCollection(namespace, listOptions, options);
        }
        ObjectList all = list(type, namespace, new ListOptions(listOptions.labelSelector(),
                listOptions.fieldSelector(), 0, null, "", "", false, null, 0));
        List<ObjectNode> out = new ArrayList<>();
        for (ObjectNode o : all.items()) {
            try {
                out.add(delete(type, Json.namespace(o), Json.name(o), options).object());
            } catch (ApiException e) {
                if (e.code() != 404) {
                    throw e;
                }
            }
        }
        return new ObjectList(out, all.resourceVersion(), null, null);
    }

    // ---------------------------------------------------------------- watch

    @Override
    public AutoCloseable watch(ResourceType type, String namespace, ListOptions options, Consumer<WatchEvent> sink) {
        if (type == ResourceTypes.EVENTS_V1) {
            return eventsV1.watch(namespace, options, sink);
        }
        return RegistryWatch.start(this, type, namespace, options, sink);
    }

    @Override
    public Table table(ResourceType type, List<ObjectNode> objects) {
        if (type == ResourceTypes.EVENTS_V1) {
            return eventsV1.table(objects);
        }
        KindStrategy s = KindStrategies.forType(type);
        Instant now = clock.instant();
        List<Table.Row> rows = new ArrayList<>(objects.size());
        for (ObjectNode o : objects) {
            rows.add(new Table.Row(s.cells(o, now), o));
        }
        return new Table(s.columns(), rows);
    }

    // ---------------------------------------------------------------- helpers


    /** How often watches that allow bookmarks get one (Kubernetes sends about one a minute). */
    public void setBookmarkInterval(java.time.Duration interval) {
        this.bookmarkIntervalMillis = interval.toMillis();
    }

    long bookmarkIntervalMillis() {
        return bookmarkIntervalMillis;
    }

    /** Stops background work (namespace finalization). */
    public void close() {
    }

    Clock clock() {
        return clock;
    }

    Patcher patcher() {
        return patcher;
    }

    static <T> T store(java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (StoreException e) {
            throw Errors.fromStore(null, null, e);
        }
    }

    private String randomSuffix() {
        StringBuilder sb = new StringBuilder(5);
        for (int i = 0; i < 5; i++) {
            sb.append(GENERATE_ALPHABET.charAt(random.nextInt(GENERATE_ALPHABET.length())));
        }
        return sb.toString();
    }

    private static void checkNamespace(ResourceType type, String namespace) {
        if (type.namespaced() && (namespace == null || namespace.isEmpty())) {
            throw ApiException.badRequest("the server could not find the requested resource: a namespace is required");
        }
    }

    /** A body that names itself must name what the URL names. */
    static void checkUrlName(ObjectNode object, String name) {
        String bodyName = Json.name(object);
        if (bodyName != null && !bodyName.equals(name)) {
            throw ApiException.badRequest("the name of the object (" + bodyName
                    + ") does not match the name on the URL (" + name + ")");
        }
    }

    static void checkTypeMeta(ResourceType type, ObjectNode obj) {
        checkTypeMeta(type.apiVersion(), type.kind(), obj);
    }

    static void checkTypeMeta(String expectedApiVersion, String expectedKind, ObjectNode obj) {
        String apiVersion = Json.text(obj, "apiVersion");
        String kind = Json.text(obj, "kind");
        if (apiVersion != null && !apiVersion.isEmpty() && !apiVersion.equals(expectedApiVersion)) {
            throw ApiException.badRequest("the API version in the data (" + apiVersion
                    + ") does not match the expected API version (" + expectedApiVersion + ")");
        }
        if (kind != null && !kind.isEmpty() && !kind.equals(expectedKind)) {
            throw ApiException.badRequest("the kind in the data (" + kind + ") does not match the expected kind ("
                    + expectedKind + ")");
        }
        obj.put("apiVersion", expectedApiVersion);
        obj.put("kind", expectedKind);
    }

    private static void alignNamespace(ResourceType type, String namespace, ObjectNode meta) {
        if (!type.namespaced()) {
            meta.remove("namespace");
            return;
        }
        String bodyNs = Json.text(meta, "namespace");
        if (bodyNs != null && !bodyNs.isEmpty() && !bodyNs.equals(namespace)) {
            throw ApiException.badRequest("the namespace of the provided object does not match the namespace sent "
                    + "on the request");
        }
        meta.put("namespace", namespace);
    }

    /**
     * Namespace admission, as Kubernetes' NamespaceLifecycle does it: the cached namespace first (and its
     * decoded state remembered per revision), a linearizable read only when the cache has no active namespace,
     * so a namespace created just before is never missed.
     */
    private void requireActiveNamespace(ResourceType type, String namespace, String name) {
        String key = Keys.key(ResourceTypes.NAMESPACES, null, namespace);
        Optional<KeyValue> cached = store(() -> store.getCached(key));
        if (cached.isPresent() && activeNamespaces.active(cached.get())) {
            return;
        }
        Optional<KeyValue> current = store(() -> store.get(key));
        if (current.isEmpty()) {
            throw ApiException.notFound(ResourceTypes.NAMESPACES, namespace);
        }
        if (!activeNamespaces.active(current.get())) {
            throw new ApiException(403, "Forbidden", type.qualifiedPlural() + " \"" + (name == null ? "" : name)
                    + "\" is forbidden: unable to create new content in namespace " + namespace
                    + " because it is being terminated",
                    new ApiException.Details(name, type.group(), type.plural(), null,
                            List.of(new ApiException.Cause("NamespaceTerminating",
                                    "namespace " + namespace + " is being terminated", "metadata.namespace")), null));
        }
    }

    /** Fields a client cannot change on update: uid, creationTimestamp, deletion state, generation. */
    /**
     * ObjectMeta's lists and maps are {@code omitempty} in Kubernetes: an empty one is never stored or
     * served (a patch that removes the last owner reference leaves none, not {@code []}).
     */
    private static void omitEmptyMeta(ObjectNode meta) {
        for (String f : List.of("labels", "annotations", "ownerReferences", "finalizers", "managedFields")) {
            JsonNode v = meta.get(f);
            if (v != null && (v.isNull() || (v.isContainer() && v.isEmpty()))) {
                meta.remove(f);
            }
        }
    }

    private static void preserveSystemMeta(ObjectNode obj, ObjectNode current, ResourceType type, String name) {
        ObjectNode meta = Json.meta(obj);
        JsonNode cur = current.path("metadata");
        String uid = Json.text(meta, "uid");
        if (uid != null && !uid.isEmpty() && !uid.equals(cur.path("uid").asString(""))) {
            throw ApiException.conflict(type, name, "Precondition failed: UID in precondition: " + uid
                    + ", UID in object meta: " + cur.path("uid").asString(""));
        }
        for (String f : List.of("uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds",
                "generation")) {
            if (cur.has(f)) {
                meta.set(f, cur.get(f));
            } else {
                meta.remove(f);
            }
        }
        meta.remove("selfLink");
        meta.put("resourceVersion", cur.path("resourceVersion").asString(""));
        if (cur.has("deletionTimestamp")) {
            // finalizers may only be removed, never added, while an object is being deleted
            ArrayNode before = cur.path("finalizers").isArray() ? (ArrayNode) cur.get("finalizers") : null;
            JsonNode after = meta.path("finalizers");
            if (after.isArray()) {
                for (JsonNode f : after) {
                    boolean had = false;
                    if (before != null) {
                        for (JsonNode b : before) {
                            had |= b.equals(f);
                        }
                    }
                    if (!had) {
                        throw ApiException.invalid(type, name, List.of(new ApiException.Cause("FieldValueForbidden",
                                "Forbidden: no new finalizers can be added if the object is being deleted, found new "
                                        + "finalizers []string{\"" + f.asString("") + "\"}",
                                "metadata.finalizers")));
                    }
                }
            }
        }
    }

    /**
     * The namespaces/finalize subresource: only spec.finalizers change (what the namespace controller
     * does once the namespace is empty); the namespace goes once none is left.
     */
    private static void prepareForFinalize(ObjectNode obj, ObjectNode current) {
        JsonNode finalizers = obj.path("spec").get("finalizers");
        JsonNode rv = Json.meta(obj).get("resourceVersion");
        ObjectNode copy = current.deepCopy();
        obj.removeAll();
        obj.setAll(copy);
        ObjectNode spec = obj.withObject("spec");
        if (finalizers == null || finalizers.isNull() || finalizers.isEmpty()) {
            spec.remove("finalizers");
        } else {
            spec.set("finalizers", finalizers.deepCopy());
        }
        if (rv != null) {
            Json.meta(obj).set("resourceVersion", rv);
        }
    }

    static boolean hasFinalizers(JsonNode obj) {
        JsonNode f = obj.path("metadata").path("finalizers");
        return f.isArray() && !f.isEmpty();
    }

    /** A write that changes nothing is not stored (and keeps its resourceVersion), as in Kubernetes. */
    private static boolean sameIgnoringRv(ObjectNode a, ObjectNode b, boolean ignoreManagedFields) {
        ObjectNode ca = a.deepCopy();
        ObjectNode cb = b.deepCopy();
        Json.meta(ca).remove("resourceVersion");
        Json.meta(cb).remove("resourceVersion");
        if (ignoreManagedFields) {
            Json.meta(ca).remove("managedFields");
            Json.meta(cb).remove("managedFields");
        }
        return ca.equals(cb);
    }

    private static void validate(ResourceType type, List<ApiException.Cause> errors, String name) {
        if (!errors.isEmpty()) {
            throw ApiException.invalid(type, name, errors);
        }
    }
}
