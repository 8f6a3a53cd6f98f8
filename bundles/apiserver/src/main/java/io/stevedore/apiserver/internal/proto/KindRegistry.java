package io.stevedore.apiserver.internal.proto;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.Message;

import io.kubernetes.client.proto.V1;

/**
 * Every Kubernetes kind that has a protobuf message: the generated files of client-java-proto
 * (scanned once through their descriptors) plus the schema texts under {@code schemas/} for groups
 * that jar lacks. A message is a kind when its name is the kind and it carries a {@code metadata}
 * field (ObjectMeta or ListMeta), or it is one of the meta/v1 kinds every group version knows.
 */
final class KindRegistry {

    /** The outer classes of client-java-proto 24.0.0 (one per generated.proto). */
    private static final List<String> OUTER_CLASSES = List.of(
            "IntStr", "Meta", "Resource", "Runtime", "RuntimeSchema", "V1", "V1Admission", "V1Admissionregistration",
            "V1Apps", "V1Authentication", "V1Authorization", "V1Autoscaling", "V1Batch", "V1Certificates",
            "V1Networking", "V1Policy", "V1Rbac", "V1Scheduling", "V1Storage", "V1alpha1Imagepolicy", "V1alpha1Rbac",
            "V1alpha1Scheduling", "V1beta1Admission", "V1beta1Admissionregistration", "V1beta1Apiextensions",
            "V1beta1Apps", "V1beta1Authentication", "V1beta1Authorization", "V1beta1Batch", "V1beta1Certificates",
            "V1beta1Extensions", "V1beta1Policy", "V1beta1Rbac", "V1beta1Storage", "V1beta2Apps",
            "V2beta1Autoscaling", "V2beta2Autoscaling");

    /** Schema texts for groups client-java-proto 24.0.0 does not carry, with the proto path each stands for. */
    private static final Map<String, String> EXTRA_SCHEMAS = Map.of(
            "schemas/coordination-v1.proto", "k8s.io/api/coordination/v1/generated.proto",
            "schemas/discovery-v1.proto", "k8s.io/api/discovery/v1/generated.proto",
            "schemas/events-v1.proto", "k8s.io/api/events/v1/generated.proto");

    static final String META_PACKAGE = "k8s.io.apimachinery.pkg.apis.meta.v1";
    private static final String RUNTIME_PACKAGE = "k8s.io.apimachinery.pkg.runtime";

    /** meta/v1 kinds Kubernetes registers in every group version ({@code metav1.AddToGroupVersion}) or as unversioned. */
    private static final Set<String> META_KINDS = Set.of(
            "Status", "APIVersions", "APIGroupList", "APIGroup", "APIResourceList", "WatchEvent",
            "ListOptions", "GetOptions", "DeleteOptions", "CreateOptions", "UpdateOptions", "PatchOptions");

    /** Groups whose protobuf package name is not the group's short name. */
    private static final Map<String, String> GROUP_NAMES = Map.of(
            "core", "", "apps", "apps", "batch", "batch", "autoscaling", "autoscaling", "policy", "policy",
            "extensions", "extensions", "rbac", "rbac.authorization.k8s.io");

    /** One kind: its apiVersion, kind and message. */
    record Kind(String apiVersion, String kind, Descriptor descriptor, Message prototype) {
    }

    private final Map<String, Kind> kinds = new LinkedHashMap<>();
    private final Map<String, Message> prototypes = new HashMap<>();
    private final Map<String, Descriptor> metaKinds = new HashMap<>();

    private KindRegistry() {
    }

    static KindRegistry scan() {
        KindRegistry registry = new KindRegistry();
        ClassLoader loader = V1.class.getClassLoader();
        Map<String, FileDescriptor> files = new LinkedHashMap<>();
        for (String outer : OUTER_CLASSES) {
            try {
                Class<?> type = Class.forName(V1.class.getPackageName() + "." + outer, true, loader);
                FileDescriptor file = (FileDescriptor) type.getMethod("getDescriptor").invoke(null);
                files.put(file.getName(), file);
                for (Descriptor message : file.getMessageTypes()) {
                    registry.prototypes.put(message.getFullName(), generatedPrototype(type, message));
                }
            } catch (ClassNotFoundException e) {
                // a later client-java-proto may drop an old group version; the rest still work
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read descriptor of " + outer, e);
            }
        }
        for (Map.Entry<String, String> extra : EXTRA_SCHEMAS.entrySet()) {
            if (files.containsKey(extra.getValue())) {
                continue; // a newer client-java-proto has it
            }
            FileDescriptor file = ProtoSchemaText.build(extra.getValue(), resource(extra.getKey()), files);
            files.put(file.getName(), file);
            for (Descriptor message : file.getMessageTypes()) {
                registry.prototypes.put(message.getFullName(), DynamicMessage.getDefaultInstance(message));
            }
        }
        for (FileDescriptor file : files.values()) {
            registry.register(file);
        }
        return registry;
    }

    private static Message generatedPrototype(Class<?> outer, Descriptor message) throws ReflectiveOperationException {
        Class<?> type = Class.forName(outer.getName() + "$" + message.getName(), true, outer.getClassLoader());
        return (Message) type.getMethod("getDefaultInstance").invoke(null);
    }

    private static String resource(String name) {
        try (InputStream in = KindRegistry.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void register(FileDescriptor file) {
        String pkg = file.getPackage();
        if (pkg.equals(META_PACKAGE)) {
            for (Descriptor message : file.getMessageTypes()) {
                if (META_KINDS.contains(message.getName()) || hasMetadata(message)) {
                    metaKinds.put(message.getName(), message);
                    add("meta.k8s.io/v1", message);
                }
            }
            return;
        }
        String apiVersion = apiVersionOf(pkg);
        if (apiVersion == null) {
            return;
        }
        for (Descriptor message : file.getMessageTypes()) {
            if (hasMetadata(message) || (apiVersion.equals("v1") && message.getName().endsWith("Options"))) {
                add(apiVersion, message);
            }
        }
    }

    private void add(String apiVersion, Descriptor message) {
        kinds.put(key(apiVersion, message.getName()),
                new Kind(apiVersion, message.getName(), message, prototype(message)));
    }

    private static boolean hasMetadata(Descriptor message) {
        FieldDescriptor metadata = message.findFieldByName("metadata");
        if (metadata == null || metadata.getType() != FieldDescriptor.Type.MESSAGE) {
            return false;
        }
        String type = metadata.getMessageType().getFullName();
        return type.equals(META_PACKAGE + ".ObjectMeta") || type.equals(META_PACKAGE + ".ListMeta");
    }

    /** {@code k8s.io.api.core.v1} -> {@code v1}, {@code k8s.io.api.apps.v1} -> {@code apps/v1}, ... ; null when not an API group. */
    static String apiVersionOf(String protoPackage) {
        String[] parts = protoPackage.split("\\.");
        if (parts.length < 2) {
            return null;
        }
        String version = parts[parts.length - 1];
        String group;
        if (protoPackage.startsWith("k8s.io.api.") && parts.length == 5) {
            String name = parts[3];
            group = GROUP_NAMES.getOrDefault(name, name + ".k8s.io");
        } else if (protoPackage.startsWith("k8s.io.apiextensions_apiserver.")) {
            group = "apiextensions.k8s.io";
        } else if (protoPackage.startsWith("k8s.io.kube_aggregator.")) {
            group = "apiregistration.k8s.io";
        } else {
            return null;
        }
        return group.isEmpty() ? version : group + "/" + version;
    }

    private static String key(String apiVersion, String kind) {
        return apiVersion + "/" + kind;
    }

    /** The kind for this apiVersion, or null. meta/v1 kinds such as Status resolve under every version. */
    Kind find(String apiVersion, String kind) {
        Kind found = kinds.get(key(apiVersion, kind));
        if (found == null && metaKinds.containsKey(kind) && !apiVersion.isEmpty()) {
            Descriptor message = metaKinds.get(kind);
            return new Kind(apiVersion, kind, message, prototype(message));
        }
        return found;
    }

    /** The default instance for a message type: the generated class when there is one, else a dynamic message. */
    Message prototype(Descriptor message) {
        Message prototype = prototypes.get(message.getFullName());
        return prototype != null ? prototype : DynamicMessage.getDefaultInstance(message);
    }

    /** The message for a full protobuf name such as {@code k8s.io.apimachinery.pkg.apis.meta.v1.WatchEvent}. */
    Descriptor message(String fullName) {
        Message prototype = prototypes.get(fullName);
        if (prototype == null) {
            throw new IllegalArgumentException("unknown message " + fullName);
        }
        return prototype.getDescriptorForType();
    }

    Collection<Kind> kinds() {
        return Collections.unmodifiableCollection(kinds.values());
    }

    static String runtimeMessage(String name) {
        return RUNTIME_PACKAGE + "." + name;
    }
}
