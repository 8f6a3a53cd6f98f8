package io.stevedore.api.runtime;

/**
 * The end of a command run to completion.
 *
 * @param exitCode its exit code (-1 when it timed out)
 * @param output   what it wrote to stdout and stderr, bounded
 * @param timedOut whether it ran past its timeout
 */
public record ExecResult(int exitCode, String output, boolean timedOut) {
}
