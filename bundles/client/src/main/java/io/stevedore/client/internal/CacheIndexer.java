package io.stevedore.client.internal;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.stevedore.api.client.Indexer;
import io.stevedore.api.client.ObjectKeys;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;

/**
 * A thread-safe store of objects by {@code namespace/name} with secondary indexes. Written by one
 * informer, read by anyone.
 */
final class CacheIndexer<T extends HasMetadata> implements Indexer<T> {

    private final boolean namespaced;
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final Map<String, T> items = new HashMap<>();
    private final Map<String, Function<T, List<String>>> indexers = new LinkedHashMap<>();
    private final Map<String, Map<String, Set<String>>> indices = new HashMap<>();

    CacheIndexer(boolean namespaced) {
        this.namespaced = namespaced;
        Function<T, List<String>> byNamespace = o -> {
            String ns = o.getMetadata() == null ? null : o.getMetadata().getNamespace();
            return List.of(ns == null ? "" : ns);
        };
        indexers.put(NAMESPACE_INDEX, byNamespace);
        indices.put(NAMESPACE_INDEX, new HashMap<>());
    }

    /** The key of an object in this cache. */
    String keyOf(T object) {
        return namespaced ? ObjectKeys.of(object) : object.getMetadata().getName();
    }

    /** Stores an object; returns the one it replaced, or null. */
    T put(T object) {
        String key = keyOf(object);
        lock.writeLock().lock();
        try {
            T old = items.put(key, object);
            if (old != null) {
                unindex(key, old);
            }
            index(key, object);
            return old;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Removes an object by key; returns it, or null. */
    T remove(String key) {
        lock.writeLock().lock();
        try {
            T old = items.remove(key);
            if (old != null) {
                unindex(key, old);
            }
            return old;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Replaces the whole contents at once. */
    void replace(Map<String, T> contents) {
        lock.writeLock().lock();
        try {
            items.clear();
            for (Map<String, Set<String>> index : indices.values()) {
                index.clear();
            }
            items.putAll(contents);
            contents.forEach(this::index);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** A copy of the contents by key. */
    Map<String, T> snapshot() {
        lock.readLock().lock();
        try {
            return new HashMap<>(items);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public void addIndexers(Map<String, Function<T, List<String>>> newIndexers) {
        lock.writeLock().lock();
        try {
            for (String name : newIndexers.keySet()) {
                if (indexers.containsKey(name)) {
                    throw new IllegalArgumentException("index " + name + " already exists");
                }
            }
            newIndexers.forEach((name, fn) -> {
                indexers.put(name, fn);
                Map<String, Set<String>> index = new HashMap<>();
                indices.put(name, index);
                items.forEach((key, obj) -> addTo(index, fn, key, obj));
            });
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public Optional<T> get(String namespace, String name) {
        return getByKey(namespaced ? ObjectKeys.of(namespace, name) : name);
    }

    @Override
    public Optional<T> getByKey(String key) {
        lock.readLock().lock();
        try {
            return Optional.ofNullable(items.get(key));
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public List<T> list(String namespace, String labelSelector) {
        io.stevedore.api.LabelSelectors.Selector selector = io.stevedore.api.LabelSelectors.parse(labelSelector);
        List<T> out = new ArrayList<>();
        lock.readLock().lock();
        try {
            if (namespace == null || !namespaced) {
                for (T o : items.values()) {
                    if (selector.matches(o.getMetadata().getLabels())) {
                        out.add(o);
                    }
                }
            } else {
                for (String key : indices.get(NAMESPACE_INDEX).getOrDefault(namespace, Set.of())) {
                    T o = items.get(key);
                    if (selector.matches(o.getMetadata().getLabels())) {
                        out.add(o);
                    }
                }
            }
        } finally {
            lock.readLock().unlock();
        }
        return out;
    }

    @Override
    public List<T> byIndex(String indexName, String indexedValue) {
        lock.readLock().lock();
        try {
            List<T> out = new ArrayList<>();
            for (String key : index(indexName).getOrDefault(indexedValue, Set.of())) {
                out.add(items.get(key));
            }
            return out;
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public List<String> indexKeys(String indexName, String indexedValue) {
        lock.readLock().lock();
        try {
            return new ArrayList<>(index(indexName).getOrDefault(indexedValue, Set.of()));
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public List<String> listIndexValues(String indexName) {
        lock.readLock().lock();
        try {
            return new ArrayList<>(index(indexName).keySet());
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public List<String> listKeys() {
        lock.readLock().lock();
        try {
            return new ArrayList<>(items.keySet());
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public int size() {
        lock.readLock().lock();
        try {
            return items.size();
        } finally {
            lock.readLock().unlock();
        }
    }

    private Map<String, Set<String>> index(String name) {
        Map<String, Set<String>> index = indices.get(name);
        if (index == null) {
            throw new IllegalArgumentException("no index named " + name);
        }
        return index;
    }

    private void index(String key, T object) {
        indexers.forEach((name, fn) -> addTo(indices.get(name), fn, key, object));
    }

    private void addTo(Map<String, Set<String>> index, Function<T, List<String>> fn, String key, T object) {
        List<String> values = fn.apply(object);
        if (values != null) {
            for (String v : values) {
                index.computeIfAbsent(v, k -> new HashSet<>()).add(key);
            }
        }
    }

    private void unindex(String key, T object) {
        indexers.forEach((name, fn) -> {
            Map<String, Set<String>> index = indices.get(name);
            List<String> values = fn.apply(object);
            if (values != null) {
                for (String v : values) {
                    Set<String> keys = index.get(v);
                    if (keys != null) {
                        keys.remove(key);
                        if (keys.isEmpty()) {
                            index.remove(v);
                        }
                    }
                }
            }
        });
    }
}
