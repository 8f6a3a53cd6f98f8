package io.stevedore.api.client;

import java.time.Duration;

/**
 * The reconcile contract of every controller: re-read the object named by the key from the cache
 * (not found means done), compute the desired state, act only on what differs, write status last.
 * A thrown exception requeues the key with back-off; a result may ask for a later look (a
 * minReadySeconds or progress deadline coming due).
 */
@FunctionalInterface
public interface Reconciler {

    Result reconcile(String key) throws Exception;

    /** What the loop does with a key after a successful pass. */
    record Result(Duration requeueAfter) {

        public static final Result DONE = new Result(null);

        public static Result requeueAfter(Duration delay) {
            return new Result(delay);
        }

        /** The earlier of two requests; DONE asks for nothing. */
        public Result sooner(Result other) {
            if (requeueAfter == null) {
                return other;
            }
            if (other.requeueAfter == null) {
                return this;
            }
            return requeueAfter.compareTo(other.requeueAfter) <= 0 ? this : other;
        }
    }
}
