package io.stevedore.bench;

/**
 * One driver thread's keys: it cycles over them, creating each on first use and then updating it with a
 * compare-and-set on the revision it last wrote. Not thread-safe: one per driver thread.
 */
final class KeyRing {

    private final String[] names;
    private final long[] revisions;
    private int next;

    /**
     * @param prefix unique per run and thread, lower-case DNS-label characters (it becomes a ConfigMap name)
     * @param size   keys in the ring
     */
    KeyRing(String prefix, int size) {
        names = new String[size];
        revisions = new long[size];
        for (int i = 0; i < size; i++) {
            names[i] = prefix + "-k" + i;
        }
    }

    /**
     * Writes the next key: a create when it has no revision yet, else an update expecting its revision. After a
     * failure the key's revision is re-read before its next write.
     */
    void writeNext(WriteTarget target) throws Exception {
        int k = next;
        next = (next + 1) % names.length;
        try {
            if (revisions[k] < 0) {
                revisions[k] = target.revisionOf(names[k]);
            }
            long stamp = System.nanoTime();
            revisions[k] = revisions[k] == 0 ? target.create(names[k], stamp)
                    : target.update(names[k], stamp, revisions[k]);
        } catch (Exception | Error e) {
            revisions[k] = -1;
            throw e;
        }
    }
}
