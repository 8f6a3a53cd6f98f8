#!/usr/bin/env python3
"""Extracts list/map/patch markers (and the descriptions of struct-typed fields) from Kubernetes Go API types into a TSV table.

Reads the Go source of k8s.io/api and k8s.io/apimachinery (the given git mirrors and tag)
and prints one line per fact: definition, property ("" for the type itself), extension, value.
The facts come from the struct tags `patchStrategy:"..."`/`patchMergeKey:"..."` and the
comment markers +listType, +listMapKey, +mapType, +structType, which are what kube-openapi's
generator turns into x-kubernetes-* extensions.
"""
import re, subprocess, sys

SOURCES = [
    # (mirror, tag, path in repo, OpenAPI definition prefix)
    ("/work/.mirror/kubernetes+api/repo", "v0.33.13", "core/v1/types.go", "io.k8s.api.core.v1"),
    ("/work/.mirror/kubernetes+api/repo", "v0.33.13", "apps/v1/types.go", "io.k8s.api.apps.v1"),
    ("/work/.mirror/kubernetes+api/repo", "v0.33.13", "coordination/v1/types.go", "io.k8s.api.coordination.v1"),
    ("/work/.mirror/kubernetes+api/repo", "v0.33.13", "discovery/v1/types.go", "io.k8s.api.discovery.v1"),
    ("/work/.mirror/kubernetes+api/repo", "v0.33.13", "autoscaling/v1/types.go", "io.k8s.api.autoscaling.v1"),
    ("/work/.mirror/kubernetes+api/repo", "v0.33.13", "policy/v1/types.go", "io.k8s.api.policy.v1"),
    ("/work/.mirror/kubernetes+api/repo", "v0.33.13", "authorization/v1/types.go", "io.k8s.api.authorization.v1"),
    ("/work/.mirror/kubernetes+apimachinery/repo", "v0.33.13", "pkg/apis/meta/v1/types.go", "io.k8s.apimachinery.pkg.apis.meta.v1"),
]

TYPE_RE = re.compile(r'^type\s+(\w+)\s+struct\s*{')
FIELD_RE = re.compile(r'^\s*([\w.]+)\s*([^`]*)`([^`]*)`')
BASIC = {"string", "bool", "int", "int32", "int64", "float64", "byte"}
MARKER_RE = re.compile(r'^\s*//\s*\+(listType|listMapKey|mapType|structType|patchStrategy|patchMergeKey)=(\S+)')


def tag_value(tag, key):
    m = re.search(key + r':"([^"]*)"', tag)
    return m.group(1) if m else None


def doc_text(comment_lines):
    """Formats Go doc comment lines the way Kubernetes' OpenAPI descriptions read: lines joined by
    spaces, blank lines as paragraph breaks, nothing after a '---' line, no +markers or TODOs."""
    paragraphs, current = [], []
    for raw in comment_lines:
        line = raw.strip()
        if line.startswith('---'):
            break
        if line.startswith('+') or line.startswith('TODO'):
            continue
        if not line:
            if current:
                paragraphs.append(" ".join(current))
                current = []
            continue
        current.append(line)
    if current:
        paragraphs.append(" ".join(current))
    return "\n\n".join(paragraphs).replace("\t", " ")


def extract(text, prefix, out, inline):
    current = None
    markers = []
    comments = []
    for line in text.splitlines():
        m = MARKER_RE.match(line)
        if m:
            markers.append((m.group(1), m.group(2)))
            continue
        stripped = line.strip()
        if stripped.startswith('//'):
            comments.append(stripped[2:].lstrip(' ') if stripped.startswith('// ') or stripped == '//' else stripped[2:])
            continue
        t = TYPE_RE.match(line)
        if t:
            current = prefix + "." + t.group(1)
            for k, v in markers:
                if k == 'structType':
                    out.append((current, "", "x-kubernetes-map-type", v))
            markers = []
            comments = []
            continue
        if current and line.startswith('}'):
            current = None
            markers = []
            comments = []
            continue
        f = FIELD_RE.match(line) if current else None
        if f:
            tag = f.group(3)
            go_type = f.group(2).strip() or f.group(1)
            json_name = (tag_value(tag, 'json') or '').split(',')[0]
            if tag_value(tag, 'json') == ',inline' and current:
                inline.append((current, prefix + "." + (go_type or f.group(1)).lstrip("*").split(".")[-1]))
            if json_name and json_name != '-':
                facts = {}
                keys = []
                for k, v in markers:
                    if k == 'listType':
                        facts['x-kubernetes-list-type'] = v
                    elif k == 'listMapKey':
                        keys.append(v)
                    elif k in ('mapType', 'structType'):
                        facts['x-kubernetes-map-type'] = v
                if keys:
                    facts['x-kubernetes-list-map-keys'] = ",".join(keys)
                ps = tag_value(tag, 'patchStrategy')
                pk = tag_value(tag, 'patchMergeKey')
                if ps:
                    facts['x-kubernetes-patch-strategy'] = ps
                if pk:
                    facts['x-kubernetes-patch-merge-key'] = pk
                for k in sorted(facts):
                    out.append((current, json_name, k, facts[k]))
                # Descriptions only for fields of struct type: client-java-api's models lose the
                # description of a property that is a reference to another type.
                named = go_type.lstrip('*')
                is_ref = re.fullmatch(r'[A-Za-z_][\w.]*', named) is not None and named not in BASIC
                d = doc_text(comments) if is_ref else ''
                if d:
                    out.append((current, json_name, "description", d.replace("\n", "\\n")))
        markers = []
        comments = []
    return out


def main():
    out = []
    inline = []
    for repo, tag, path, prefix in SOURCES:
        text = subprocess.run(["git", "-C", repo, "show", tag + ":" + path], check=True,
                              capture_output=True, text=True).stdout
        extract(text, prefix, out, inline)
    # Fields of an embedded (json:",inline") struct are the embedding type's own fields in OpenAPI.
    for outer, inner in inline:
        out.extend((outer, prop, k, v) for (d, prop, k, v) in list(out) if d == inner and prop)
    print("# definition\tproperty\textension\tvalue  (generated by tools/extract_markers.py from k8s.io/api and k8s.io/apimachinery v0.33.13 Go types)")
    for row in out:
        print("\t".join(row))


if __name__ == "__main__":
    main()
