package io.stevedore.api.runtime;

import java.time.Instant;

/**
 * What part of a container's log to write, as the pods/log subresource asks for it.
 *
 * @param follow     keep writing as the container writes, until it exits or the reader goes
 * @param timestamps prefix each line with its RFC 3339 time and a space
 * @param tailLines  only the last this many lines, or null for all
 * @param since      only lines written at or after this time, or null
 * @param limitBytes stop after this many bytes, or null
 */
public record LogOptions(boolean follow, boolean timestamps, Long tailLines, Instant since, Long limitBytes) {
    public static final LogOptions ALL = new LogOptions(false, false, null, null, null);
}
