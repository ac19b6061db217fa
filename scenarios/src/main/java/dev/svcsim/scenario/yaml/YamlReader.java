package dev.svcsim.scenario.yaml;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.svcsim.scenario.Problems;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads a YAML stream into {@link YamlNode} trees with exact locations, reporting every problem
 * to a {@link Problems} sink instead of throwing.
 *
 * <p>Beyond plain parsing it rejects duplicate keys (the Kubernetes API server's strict decoding
 * does too), expands anchors, aliases and {@code <<} merge keys as kubectl does, and refuses
 * input that would exhaust memory or the stack: nesting deeper than {@value #MAX_DEPTH} levels,
 * more than {@value #MAX_NODES} nodes after alias expansion, or more than {@value #MAX_CHARS}
 * characters. Input must be UTF-8.
 */
public final class YamlReader {

  /** Deepest nesting of mappings and lists accepted. */
  public static final int MAX_DEPTH = 64;

  /** Most nodes in one file, counting each alias as a copy of what it names. */
  public static final int MAX_NODES = 2_000_000;

  /** Longest file accepted, in characters. */
  public static final int MAX_CHARS = 64 * 1024 * 1024;

  private final YAMLFactory factory;

  public YamlReader() {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(true); // we report duplicates ourselves, with both locations
    options.setMaxAliasesForCollections(10_000);
    options.setNestingDepthLimit(MAX_DEPTH + 8);
    options.setCodePointLimit(MAX_CHARS);
    factory =
        YAMLFactory.builder()
            .loaderOptions(options)
            .streamReadConstraints(
                StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_DEPTH + 8)
                    .maxStringLength(MAX_CHARS)
                    .maxNumberLength(1000)
                    .build())
            .build();
  }

  /** Decodes UTF-8 bytes and reads every document; problems go to {@code problems}. */
  public List<YamlDocument> read(String file, byte[] bytes, Problems problems) {
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    String text;
    try {
      text = decoder.decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      problems.error(Location.of(file), "", "not a UTF-8 text file; save it as UTF-8");
      return List.of();
    }
    return read(file, text, problems);
  }

  /** Reads every document of {@code text}; problems go to {@code problems}. */
  public List<YamlDocument> read(String file, String text, Problems problems) {
    if (text.length() > MAX_CHARS) {
      problems.error(
          Location.of(file), "", "file too large: more than " + MAX_CHARS + " characters");
      return List.of();
    }
    if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
      text = text.substring(1);
    }
    List<YamlDocument> docs = new ArrayList<>();
    try (YAMLParser p = factory.createParser(new StringReader(text))) {
      new Builder(file, text, p, problems, docs).run();
    } catch (StreamReadException e) {
      problems.error(syntaxLocation(file, e), "", syntaxMessage(e));
    } catch (IOException | RuntimeException e) {
      // SnakeYAML signals some limits with its own unchecked exceptions.
      problems.error(Location.of(file), "", "cannot read the YAML: " + firstLine(e.getMessage()));
    }
    return docs;
  }

  static Location locationOf(String file, JsonLocation loc) {
    if (loc == null) {
      return Location.of(file);
    }
    return new Location(file, Math.max(1, loc.getLineNr()), Math.max(1, loc.getColumnNr()));
  }

  /**
   * Where SnakeYAML found the problem. Jackson's own location is where its parser stood (the end
   * of the last token it returned), which can be a line early: for a tab it points at the end of
   * the line before the tab.
   */
  private static Location syntaxLocation(String file, StreamReadException e) {
    if (e.getCause() instanceof MarkedYAMLException m && m.getProblemMark() != null) {
      return new Location(file, m.getProblemMark().getLine() + 1, m.getProblemMark().getColumn() + 1);
    }
    return locationOf(file, e.getLocation());
  }

  private static String syntaxMessage(StreamReadException e) {
    if (e.getCause() instanceof MarkedYAMLException m) {
      String context = m.getContext();
      String problem = m.getProblem();
      String msg = problem == null ? firstLine(m.getMessage()) : problem;
      if (context != null && !context.isBlank()) {
        msg = msg + " (" + context.trim();
        var cm = m.getContextMark();
        var pm = m.getProblemMark();
        if (cm != null && pm != null && cm.getLine() != pm.getLine()) {
          // e.g. an unclosed bracket: say where it was opened, not only where reading failed
          msg = msg + " that starts at line " + (cm.getLine() + 1) + ", column " + (cm.getColumn() + 1);
        }
        msg = msg + ")";
      }
      return "invalid YAML: " + msg;
    }
    return "invalid YAML: " + firstLine(e.getOriginalMessage());
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "unknown error";
    }
    int nl = s.indexOf('\n');
    return (nl < 0 ? s : s.substring(0, nl)).trim();
  }

  /** Builds the trees without recursion, so a deeply nested input cannot overflow the stack. */
  private static final class Builder {
    private final String file;
    private final String text;
    private final int[] lineStarts;
    private final YAMLParser p;
    private final Problems problems;
    private final List<YamlDocument> docs;
    private final Map<String, Anchored> anchors = new HashMap<>();
    private final Deque<Frame> stack = new ArrayDeque<>();
    private long nodes;
    private int docIndex;

    private record Anchored(YamlNode node, long size) {}

    /** An open mapping or list, with the anchor it will be registered under when it closes. */
    private static final class Frame {
      final Location location;
      final boolean isMap;
      final String anchor;
      final long startNodes;
      final LinkedHashMap<String, YamlMap.Entry> entries = new LinkedHashMap<>();
      final List<YamlMap.Entry> merges = new ArrayList<>();
      final List<YamlNode> items = new ArrayList<>();
      String pendingKey;
      Location pendingKeyLocation;

      Frame(Location location, boolean isMap, String anchor, long startNodes) {
        this.location = location;
        this.isMap = isMap;
        this.anchor = anchor;
        this.startNodes = startNodes;
      }
    }

    Builder(String file, String text, YAMLParser p, Problems problems, List<YamlDocument> docs) {
      this.file = file;
      this.text = text;
      this.lineStarts = lineStarts(text);
      this.p = p;
      this.problems = problems;
      this.docs = docs;
    }

    void run() throws IOException {
      JsonToken t;
      while ((t = p.nextToken()) != null) {
        Location here = locationOf(file, p.currentTokenLocation());
        switch (t) {
          case FIELD_NAME -> {
            Frame f = stack.peek();
            f.pendingKey = p.currentName();
            f.pendingKeyLocation = here;
          }
          case START_OBJECT, START_ARRAY -> {
            if (stack.size() >= MAX_DEPTH) {
              problems.error(
                  here, "", "nesting deeper than " + MAX_DEPTH + " levels; svcsim stops reading here");
              return;
            }
            stack.push(new Frame(here, t == JsonToken.START_OBJECT, p.getCurrentAnchor(), nodes));
          }
          case END_OBJECT, END_ARRAY -> {
            Frame f = stack.pop();
            YamlNode node =
                f.isMap ? new YamlMap(f.location, merged(f)) : new YamlSeq(f.location, f.items);
            nodes++;
            if (f.anchor != null) {
              anchors.put(f.anchor, new Anchored(node, nodes - f.startNodes));
            }
            add(node);
          }
          default -> {
            YamlNode scalar;
            if (p.isCurrentAlias()) {
              String name = p.getText();
              Anchored a = anchors.get(name);
              if (a == null) {
                problems.error(here, "", "unknown alias *" + name + ": define the anchor &" + name + " before using it");
                scalar = new YamlScalar(here, "", YamlScalar.Type.NULL);
              } else {
                nodes += a.size();
                scalar = a.node();
              }
            } else {
              YamlScalar.Type type = typeOf(t);
              String value = p.getText();
              if (type == YamlScalar.Type.STRING && value.isEmpty() && !quotedAt(here)) {
                type = YamlScalar.Type.NULL; // an empty plain scalar is null in YAML
              }
              scalar = new YamlScalar(here, value, type);
              nodes++;
              String anchor = p.getCurrentAnchor();
              if (anchor != null) {
                anchors.put(anchor, new Anchored(scalar, 1));
              }
            }
            if (nodes > MAX_NODES) {
              problems.error(
                  here, "", "more than " + MAX_NODES + " YAML nodes (after expanding aliases); svcsim stops reading here");
              return;
            }
            add(scalar);
          }
        }
      }
    }

    private static int[] lineStarts(String text) {
      int n = 1;
      for (int i = 0; i < text.length(); i++) {
        if (text.charAt(i) == '\n') {
          n++;
        }
      }
      int[] starts = new int[n];
      for (int i = 0, k = 1; i < text.length(); i++) {
        if (text.charAt(i) == '\n') {
          starts[k++] = i + 1;
        }
      }
      return starts;
    }

    /** Whether the scalar at {@code loc} is written quoted or as a block scalar. */
    private boolean quotedAt(Location loc) {
      if (loc.line() > lineStarts.length) {
        return false;
      }
      int i = lineStarts[loc.line() - 1] + loc.column() - 1;
      if (i >= text.length()) {
        return false;
      }
      char c = text.charAt(i);
      return c == '"' || c == '\'' || c == '|' || c == '>';
    }

    private static YamlScalar.Type typeOf(JsonToken t) {
      return switch (t) {
        case VALUE_NUMBER_INT -> YamlScalar.Type.INTEGER;
        case VALUE_NUMBER_FLOAT -> YamlScalar.Type.FLOAT;
        case VALUE_TRUE, VALUE_FALSE -> YamlScalar.Type.BOOLEAN;
        case VALUE_NULL -> YamlScalar.Type.NULL;
        default -> YamlScalar.Type.STRING;
      };
    }

    private void add(YamlNode node) {
      Frame f = stack.peek();
      if (f == null) {
        if (!(node instanceof YamlScalar s && s.isNull())) {
          docs.add(new YamlDocument(file, docIndex, node));
        }
        docIndex++;
        return;
      }
      if (!f.isMap) {
        f.items.add(node);
        return;
      }
      String key = f.pendingKey;
      Location keyLoc = f.pendingKeyLocation;
      f.pendingKey = null;
      if ("<<".equals(key)) {
        collectMerges(f, keyLoc, node);
        return;
      }
      YamlMap.Entry first = f.entries.get(key);
      if (first != null) {
        problems.error(
            keyLoc,
            "",
            "duplicate key "
                + YamlScalar.quote(key)
                + " (first written at line "
                + first.keyLocation().line()
                + "); remove one of them");
        return;
      }
      f.entries.put(key, new YamlMap.Entry(key, keyLoc, node));
    }

    private void collectMerges(Frame f, Location keyLoc, YamlNode node) {
      if (node instanceof YamlMap m) {
        for (YamlMap.Entry e : m.entries()) {
          f.merges.add(e);
        }
      } else if (node instanceof YamlSeq s) {
        for (YamlNode item : s.items()) {
          collectMerges(f, keyLoc, item);
        }
      } else {
        problems.error(keyLoc, "", "a merge key (<<) takes a mapping or a list of mappings");
      }
    }

    /** Explicit keys win over merged ones; among merges, the first one listed wins (YAML 1.1). */
    private static List<YamlMap.Entry> merged(Frame f) {
      if (f.merges.isEmpty()) {
        return new ArrayList<>(f.entries.values());
      }
      LinkedHashMap<String, YamlMap.Entry> all = new LinkedHashMap<>(f.entries);
      for (YamlMap.Entry e : f.merges) {
        all.putIfAbsent(e.key(), e);
      }
      return new ArrayList<>(all.values());
    }
  }
}
