package dev.svcsim.reports;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A JSON value as the report holds it: the one tree that the JSON writer prints and expectation
 * metrics are looked up in, so that a metric path always names exactly what the JSON shows.
 * Objects keep their keys in insertion order; numbers are either integers ({@link Int}) or
 * finite doubles ({@link Dbl}); a missing figure is {@link Null}.
 */
public sealed interface JsonValue {

  /** JSON's {@code null}: a figure that has no value (e.g. a share when nothing was delivered). */
  enum Null implements JsonValue {
    NULL
  }

  /** A string. */
  record Str(String value) implements JsonValue {
    public Str {
      Objects.requireNonNull(value, "value");
    }
  }

  /** {@code true} or {@code false}. */
  record Bool(boolean value) implements JsonValue {}

  /** An integer count, written without a fraction. */
  record Int(long value) implements JsonValue {}

  /** A finite double, written by {@link Numbers#json(double)}. */
  record Dbl(double value) implements JsonValue {
    public Dbl {
      if (!Double.isFinite(value)) {
        throw new IllegalArgumentException("not a finite number: " + value);
      }
    }
  }

  /** An array. */
  record Arr(List<JsonValue> items) implements JsonValue {
    public Arr {
      items = Collections.unmodifiableList(new ArrayList<>(items));
    }
  }

  /** An object whose keys keep the order they were put in. */
  record Obj(Map<String, JsonValue> fields) implements JsonValue {
    public Obj {
      fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }
  }

  /** A string value, or null. */
  static JsonValue of(String s) {
    return s == null ? Null.NULL : new Str(s);
  }

  /** An integer. */
  static JsonValue of(long n) {
    return new Int(n);
  }

  /** A double; null, NaN and infinities become JSON {@code null}. */
  static JsonValue of(Double d) {
    return d == null || !Double.isFinite(d) ? Null.NULL : new Dbl(d);
  }

  /** A boolean. */
  static JsonValue of(boolean b) {
    return new Bool(b);
  }

  /** Builds an {@link Obj} key by key, in order. */
  static ObjBuilder object() {
    return new ObjBuilder();
  }

  /** Puts keys in order; a key put twice is a bug. */
  final class ObjBuilder {
    private final LinkedHashMap<String, JsonValue> fields = new LinkedHashMap<>();

    ObjBuilder() {}

    public ObjBuilder put(String key, JsonValue value) {
      Objects.requireNonNull(value, key);
      if (fields.putIfAbsent(key, value) != null) {
        throw new IllegalStateException("key put twice: " + key);
      }
      return this;
    }

    public ObjBuilder put(String key, String value) {
      return put(key, of(value));
    }

    public ObjBuilder put(String key, long value) {
      return put(key, of(value));
    }

    public ObjBuilder put(String key, Double value) {
      return put(key, of(value));
    }

    public ObjBuilder put(String key, boolean value) {
      return put(key, of(value));
    }

    public Obj build() {
      return new Obj(fields);
    }
  }
}
