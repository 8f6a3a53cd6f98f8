package io.stevedore.store.internal;

import io.stevedore.api.store.KeyValue;
import io.stevedore.api.store.ListResult;
import io.stevedore.api.store.StoreEvent;
import io.stevedore.api.store.StoreException;
import io.stevedore.api.store.WatchHandle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.stevedore.store.internal.TestSupport.bytes;
import static io.stevedore.store.internal.TestSupport.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The retained window (compaction, lists at older revisions, watch replay) and paging. */
class WindowAndPagingTest {

    private static final int WINDOW = 20;

    @TempDir
    Path dir;
    private HazelcastStore store;

    @BeforeEach
    void start() throws Exception {
        store = HazelcastStore.start(TestSupport.standalone(dir).withWatchWindow(WINDOW));
    }

    @AfterEach
    void stop() {
        store.close();
    }

    @Test
    void watchFromCompactedRevisionFails() {
        KeyValue kv = store.create("/w/a", bytes("0"));
        for (int i = 1; i <= 3 * WINDOW; i++) {
            kv = store.update("/w/a", bytes(String.valueOf(i)), kv.modRevision());
        }
        long compacted = store.compactedRevision();
        assertThat(compacted).isEqualTo(store.currentRevision() - WINDOW);
        assertThatThrownBy(() -> store.watch("/w/", compacted - 1, new TestSupport.Mirror(List.of(), 0)))
                .isInstanceOfSatisfying(StoreException.class, e -> {
                    assertThat(e.kind()).isEqualTo(StoreException.Kind.COMPACTED);
                    assertThat(e.getMessage()).startsWith("too old resource version: " + (compacted - 1));
                });
        assertThatThrownBy(() -> store.list("/w/", null, 0, compacted - 1))
                .isInstanceOfSatisfying(StoreException.class,
                        e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.COMPACTED));
        assertThatThrownBy(() -> store.list("/w/", null, 0, store.currentRevision() + 5))
                .isInstanceOfSatisfying(StoreException.class,
                        e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.FUTURE_REVISION));

        // from the window's edge, the replay is the whole window, in order
        TestSupport.Mirror mirror = new TestSupport.Mirror(store.list("/w/", null, 0, compacted).items(), compacted);
        try (WatchHandle h = store.watch("/w/", compacted, mirror)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> mirror.revision == store.currentRevision());
            assertThat(mirror.revisions()).hasSize(WINDOW);
            assertThat(mirror.violations).isEmpty();
            assertThat(mirror.summary()).isEqualTo(TestSupport.summary(store.list("/w/", null, 0, 0).items()));
        }
    }

    @Test
    void listAtAnOlderRevisionReturnsTheOldContent() {
        Map<Long, Map<String, String>> history = new HashMap<>();
        KeyValue a = store.create("/o/a", bytes("a1"));
        KeyValue b = store.create("/o/b", bytes("b1"));
        store.create("/other/x", bytes("x"));
        history.put(store.currentRevision(), TestSupport.summary(store.list("/o/", null, 0, 0).items()));
        a = store.update("/o/a", bytes("a2"), a.modRevision());
        history.put(store.currentRevision(), TestSupport.summary(store.list("/o/", null, 0, 0).items()));
        store.delete("/o/b", b.modRevision());
        store.create("/o/c", bytes("c1"));
        history.put(store.currentRevision(), TestSupport.summary(store.list("/o/", null, 0, 0).items()));
        store.update("/o/a", bytes("a3"), a.modRevision());
        store.create("/o/b", bytes("b2"));
        for (Map.Entry<Long, Map<String, String>> h : history.entrySet()) {
            ListResult old = store.list("/o/", null, 0, h.getKey());
            assertThat(old.revision()).isEqualTo(h.getKey());
            assertThat(TestSupport.summary(old.items())).isEqualTo(h.getValue());
        }
        assertThat(history.get(3L)).containsOnlyKeys("/o/a", "/o/b");
        assertThat(text(store.list("/o/", null, 0, 0).items().get(0).value())).isEqualTo("a3");
    }

    @Test
    void pagingReportsMoreAndRemainingAtOneRevision() {
        for (int i = 0; i < 25; i++) {
            store.create(String.format("/p/%02d", i), bytes("v" + i));
        }
        store.create("/q/after", bytes("not in /p/"));
        ListResult first = store.list("/p/", null, 10, 0);
        assertThat(first.items()).hasSize(10);
        assertThat(first.more()).isTrue();
        assertThat(first.remaining()).isEqualTo(15);
        assertThat(first.items().get(9).key()).isEqualTo("/p/09");

        // changes after the first page do not show in later pages read at its revision
        store.delete("/p/12", 0);
        store.create("/p/99", bytes("new"));

        ListResult second = store.list("/p/", first.items().get(9).key(), 10, first.revision());
        assertThat(second.revision()).isEqualTo(first.revision());
        assertThat(second.items()).extracting(KeyValue::key).startsWith("/p/10", "/p/11", "/p/12");
        assertThat(second.more()).isTrue();
        assertThat(second.remaining()).isEqualTo(5);

        ListResult third = store.list("/p/", second.items().get(9).key(), 10, first.revision());
        assertThat(third.items()).extracting(KeyValue::key).containsExactly("/p/20", "/p/21", "/p/22", "/p/23", "/p/24");
        assertThat(third.more()).isFalse();
        assertThat(third.remaining()).isZero();

        ListResult now = store.list("/p/", "/p/20", 0, 0);
        assertThat(now.items()).extracting(KeyValue::key).containsExactly("/p/21", "/p/22", "/p/23", "/p/24", "/p/99");
    }

    @Test
    void watchReplaysFromAnInWindowRevisionThenGoesLive() {
        KeyValue a = store.create("/r/a", bytes("1"));
        long from = a.modRevision();
        store.update("/r/a", bytes("2"), 0);
        store.create("/elsewhere", bytes("x"));
        TestSupport.Mirror mirror = new TestSupport.Mirror(store.list("/r/", null, 0, from).items(), from);
        try (WatchHandle h = store.watch("/r/", from, mirror)) {
            store.delete("/r/a", 0);
            store.create("/r/b", bytes("3"));
            await().atMost(Duration.ofSeconds(10)).until(() -> mirror.revision == store.currentRevision());
            assertThat(mirror.events).extracting(StoreEvent::type).containsExactly(
                    StoreEvent.Type.UPDATED, StoreEvent.Type.DELETED, StoreEvent.Type.CREATED);
            assertThat(text(mirror.events.get(0).prevValue())).isEqualTo("1");
            assertThat(mirror.violations).isEmpty();
            // idle: progress marks carry the current revision (bookmarks)
            await().atMost(Duration.ofSeconds(10)).until(() -> mirror.progress == store.currentRevision());
        }
    }
}
