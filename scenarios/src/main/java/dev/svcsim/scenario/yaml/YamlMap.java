package dev.svcsim.scenario.yaml;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** A YAML mapping with string keys, in document order, remembering where each key was written. */
public final class YamlMap implements YamlNode {

  /** One key of a mapping: where the key was written, and its value. */
  public record Entry(String key, Location keyLocation, YamlNode value) {
    public Entry {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(keyLocation, "keyLocation");
      Objects.requireNonNull(value, "value");
    }
  }

  private final Location location;
  private final Map<String, Entry> entries;

  /** A mapping from entries with distinct keys, kept in the given order. */
  public YamlMap(Location location, Iterable<Entry> entries) {
    this.location = Objects.requireNonNull(location, "location");
    LinkedHashMap<String, Entry> m = new LinkedHashMap<>();
    for (Entry e : entries) {
      if (m.putIfAbsent(e.key(), e) != null) {
        throw new IllegalArgumentException("duplicate key " + e.key());
      }
    }
    this.entries = Collections.unmodifiableMap(m);
  }

  @Override
  public Location location() {
    return location;
  }

  /** The value of a key, or null when the key is absent. */
  public YamlNode get(String key) {
    Entry e = entries.get(key);
    return e == null ? null : e.value();
  }

  /** The entry of a key, or null when the key is absent. */
  public Entry entry(String key) {
    return entries.get(key);
  }

  public boolean has(String key) {
    return entries.containsKey(key);
  }

  /** The keys in document order. */
  public Set<String> keys() {
    return entries.keySet();
  }

  /** The entries in document order. */
  public Iterable<Entry> entries() {
    return entries.values();
  }

  public int size() {
    return entries.size();
  }

  /**
   * A copy with {@code key} set to {@code value}; a new key is located at {@code keyLocation}, an
   * existing one keeps where it was written.
   */
  public YamlMap with(String key, Location keyLocation, YamlNode value) {
    LinkedHashMap<String, Entry> m = new LinkedHashMap<>(entries);
    Entry old = m.get(key);
    m.put(key, new Entry(key, old == null ? keyLocation : old.keyLocation(), value));
    return new YamlMap(location, m.values());
  }

  @Override
  public String describe() {
    return "a mapping";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof YamlMap other
        && location.equals(other.location)
        && entries.equals(other.entries);
  }

  @Override
  public int hashCode() {
    return location.hashCode() * 31 + entries.hashCode();
  }

  @Override
  public String toString() {
    return "YamlMap" + entries.values();
  }
}
