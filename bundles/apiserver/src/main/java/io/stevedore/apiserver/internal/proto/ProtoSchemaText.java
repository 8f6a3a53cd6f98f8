package io.stevedore.apiserver.internal.proto;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.MessageOptions;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FileDescriptor;

/**
 * Builds a {@link FileDescriptor} from the small proto2 subset Kubernetes' {@code generated.proto}
 * files use: {@code package}, {@code import}, flat {@code message}s of {@code optional}/{@code repeated}
 * scalar or message fields and {@code map<k, v>} fields. It supplies the groups that
 * client-java-proto lacks, so that they go through the same descriptor-driven converter.
 */
final class ProtoSchemaText {

    private static final Pattern COMMENT = Pattern.compile("//[^\\n]*");
    private static final Pattern PACKAGE = Pattern.compile("package\\s+([\\w.]+)\\s*;");
    private static final Pattern IMPORT = Pattern.compile("import\\s+\"([^\"]+)\"\\s*;");
    private static final Pattern MESSAGE = Pattern.compile("message\\s+(\\w+)\\s*\\{([^}]*)}");
    private static final Pattern FIELD = Pattern.compile(
            "(?:(optional|repeated)\\s+([.\\w]+)|map\\s*<\\s*([.\\w]+)\\s*,\\s*([.\\w]+)\\s*>)\\s+(\\w+)\\s*=\\s*(\\d+)\\s*;");

    private static final Map<String, FieldDescriptorProto.Type> SCALARS = Map.ofEntries(
            Map.entry("string", FieldDescriptorProto.Type.TYPE_STRING),
            Map.entry("bytes", FieldDescriptorProto.Type.TYPE_BYTES),
            Map.entry("bool", FieldDescriptorProto.Type.TYPE_BOOL),
            Map.entry("int32", FieldDescriptorProto.Type.TYPE_INT32),
            Map.entry("int64", FieldDescriptorProto.Type.TYPE_INT64),
            Map.entry("uint32", FieldDescriptorProto.Type.TYPE_UINT32),
            Map.entry("uint64", FieldDescriptorProto.Type.TYPE_UINT64),
            Map.entry("double", FieldDescriptorProto.Type.TYPE_DOUBLE),
            Map.entry("float", FieldDescriptorProto.Type.TYPE_FLOAT));

    private ProtoSchemaText() {
    }

    /**
     * Parses {@code text} (named {@code fileName}) against the already built files it imports.
     *
     * @param known files by their proto path, e.g. {@code k8s.io/api/core/v1/generated.proto}
     */
    static FileDescriptor build(String fileName, String text, Map<String, FileDescriptor> known) {
        String source = COMMENT.matcher(text).replaceAll("");
        Matcher pkg = PACKAGE.matcher(source);
        if (!pkg.find()) {
            throw new IllegalArgumentException(fileName + ": no package");
        }
        String packageName = pkg.group(1);
        FileDescriptorProto.Builder file = FileDescriptorProto.newBuilder()
                .setName(fileName).setPackage(packageName).setSyntax("proto2");
        List<FileDescriptor> deps = new ArrayList<>();
        Matcher imports = IMPORT.matcher(source);
        while (imports.find()) {
            FileDescriptor dep = known.get(imports.group(1));
            if (dep == null) {
                throw new IllegalArgumentException(fileName + ": unknown import " + imports.group(1));
            }
            file.addDependency(dep.getName());
            deps.add(dep);
        }
        Matcher messages = MESSAGE.matcher(source);
        while (messages.find()) {
            file.addMessageType(message(packageName, messages.group(1), messages.group(2)));
        }
        try {
            return FileDescriptor.buildFrom(file.build(), deps.toArray(new FileDescriptor[0]));
        } catch (DescriptorValidationException e) {
            throw new IllegalArgumentException(fileName + ": " + e.getMessage(), e);
        }
    }

    private static DescriptorProto message(String packageName, String name, String body) {
        DescriptorProto.Builder message = DescriptorProto.newBuilder().setName(name);
        Matcher fields = FIELD.matcher(body);
        while (fields.find()) {
            String fieldName = fields.group(5);
            int number = Integer.parseInt(fields.group(6));
            if (fields.group(1) != null) {
                FieldDescriptorProto.Label label = fields.group(1).equals("repeated")
                        ? FieldDescriptorProto.Label.LABEL_REPEATED : FieldDescriptorProto.Label.LABEL_OPTIONAL;
                message.addField(field(packageName, fieldName, number, label, fields.group(2)));
            } else {
                String entryName = Character.toUpperCase(fieldName.charAt(0)) + fieldName.substring(1) + "Entry";
                message.addNestedType(DescriptorProto.newBuilder()
                        .setName(entryName)
                        .setOptions(MessageOptions.newBuilder().setMapEntry(true))
                        .addField(field(packageName, "key", 1, FieldDescriptorProto.Label.LABEL_OPTIONAL, fields.group(3)))
                        .addField(field(packageName, "value", 2, FieldDescriptorProto.Label.LABEL_OPTIONAL, fields.group(4))));
                message.addField(FieldDescriptorProto.newBuilder()
                        .setName(fieldName).setJsonName(fieldName).setNumber(number)
                        .setLabel(FieldDescriptorProto.Label.LABEL_REPEATED)
                        .setType(FieldDescriptorProto.Type.TYPE_MESSAGE)
                        .setTypeName("." + packageName + "." + name + "." + entryName));
            }
        }
        return message.build();
    }

    private static FieldDescriptorProto field(String packageName, String name, int number,
                                              FieldDescriptorProto.Label label, String type) {
        FieldDescriptorProto.Builder field = FieldDescriptorProto.newBuilder()
                .setName(name).setJsonName(name).setNumber(number).setLabel(label);
        FieldDescriptorProto.Type scalar = SCALARS.get(type);
        if (scalar != null) {
            field.setType(scalar);
        } else {
            field.setType(FieldDescriptorProto.Type.TYPE_MESSAGE)
                    .setTypeName(type.startsWith(".") ? type : "." + packageName + "." + type);
        }
        return field.build();
    }
}
