package io.stevedore.store.internal;

import io.stevedore.api.store.StoreEvent;
import io.stevedore.api.store.StoreException;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static io.stevedore.store.internal.TestSupport.bytes;
import static org.assertj.core.api.Assertions.assertThat;

/** A watcher delivers in order, filters by prefix, and drops itself when its listener falls behind. */
class WatcherTest {

    /** An executor the test runs by hand, so "the listener is slow" is deterministic. */
    private static final class ManualExecutor implements java.util.concurrent.Executor {
        final ArrayDeque<Runnable> tasks = new ArrayDeque<>();

        @Override
        public void execute(Runnable r) {
            tasks.add(r);
        }

        void runAll() {
            while (!tasks.isEmpty()) {
                tasks.poll().run();
            }
        }
    }

    private static LogEvent created(String key, long rev) {
        return new LogEvent(StoreEvent.Type.CREATED, key, rev, rev, 0, bytes("v"), null);
    }

    @Test
    void deliversReplayThenLiveEventsInOrderForItsPrefix() {
        ManualExecutor exec = new ManualExecutor();
        TestSupport.Mirror mirror = new TestSupport.Mirror(List.of(), 0);
        AtomicInteger closed = new AtomicInteger();
        Watcher w = new Watcher("/a/", mirror, List.of(created("/a/1", 1), created("/a/2", 2)), 10, exec,
                x -> closed.incrementAndGet());
        w.start();
        w.offer(created("/b/1", 3));
        w.offer(created("/a/3", 4));
        exec.runAll();
        assertThat(mirror.revisions()).containsExactly(1L, 2L, 4L);
        assertThat(mirror.violations).isEmpty();
        w.close();
        w.offer(created("/a/4", 5));
        exec.runAll();
        assertThat(mirror.revisions()).containsExactly(1L, 2L, 4L);
        assertThat(closed).hasValue(1);
    }

    @Test
    void aWatcherThatFallsBehindGetsWatcherTooSlowAndNothingMore() {
        ManualExecutor exec = new ManualExecutor();
        TestSupport.Mirror mirror = new TestSupport.Mirror(List.of(), 0);
        AtomicInteger closed = new AtomicInteger();
        Watcher w = new Watcher("/", mirror, List.of(), 3, exec, x -> closed.incrementAndGet());
        for (int i = 1; i <= 4; i++) {
            w.offer(created("/k" + i, i));
        }
        w.offer(created("/k5", 5));
        exec.runAll();
        assertThat(mirror.errors).extracting(StoreException::kind).containsExactly(StoreException.Kind.WATCHER_TOO_SLOW);
        assertThat(mirror.events).isEmpty();
        assertThat(w.done()).isTrue();
        assertThat(closed).hasValue(1);
    }

    @Test
    void progressMarksAreSentOnlyWhenIdle() {
        ManualExecutor exec = new ManualExecutor();
        TestSupport.Mirror mirror = new TestSupport.Mirror(List.of(), 0);
        Watcher w = new Watcher("/", mirror, List.of(), 10, exec, x -> { });
        w.offer(created("/k", 7));
        w.offerProgress(7, Long.MAX_VALUE); // not idle long enough
        exec.runAll();
        assertThat(mirror.progress).isZero();
        w.offerProgress(9, 0);
        exec.runAll();
        assertThat(mirror.progress).isEqualTo(9);
    }
}
