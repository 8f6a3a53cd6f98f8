/**
 * The store on embedded Hazelcast (private to the bundle).
 *
 * <p>Write path: {@link io.stevedore.store.internal.HazelcastStore} routes each write to the member owning the
 * revision log's partition (locally, or with {@code submitToKeyOwner}); its
 * {@link io.stevedore.store.internal.Sequencer} checks preconditions in batches, assigns consecutive revisions,
 * claims them with a compare-and-set on the metadata map (overlapping the WAL force), forces the batch to the
 * {@link io.stevedore.store.internal.Wal}, appends the events to the ringbuffer (synchronous backup) and then
 * acknowledges. The KV map (current values, for members that join and for a new sequencer) is updated off the
 * acknowledgement path, one update in flight at a time, with an "applied" mark so that whatever it lacks is
 * replayed from the log. Request ids recorded in the log make a write that Hazelcast retries after a failover
 * apply once.
 *
 * <p>Read path: each member's {@link io.stevedore.store.internal.WatchCache} tails the ringbuffer and serves
 * lists (at the current or an older revision) and watches; a consistent read first waits until the cache has
 * read the ringbuffer's current tail.
 *
 * <p>Start-up: the member that forms a grid loads its data directory (snapshot + WAL) into the grid; members
 * joining a running grid take the grid's content. A member that takes over sequencing writes a snapshot of the
 * state it starts from, so its own data directory is complete from then on.
 */
package io.stevedore.store.internal;
