package dev.svcsim.scenario.sweep;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.svcsim.models.scenario.Expectation;
import dev.svcsim.reports.JsonReportWriter;
import dev.svcsim.reports.JsonValue;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A sweep's output folder (docs/sweeps.md, "Nothing lost"):
 *
 * <pre>
 * DIR/sweep.json         which sweep this is: its fingerprint, what results need, the shard
 * DIR/points/INDEX.json  one per finished point: its values and every replication's metrics
 * DIR/results.csv        written from the point files when every point has finished
 * DIR/results.json
 * </pre>
 *
 * <p>Each file is written whole or not at all ({@link DurableFiles}), so a killed sweep leaves
 * only complete point files, and the points in progress are simply run again by the next
 * {@code svcsim sweep} on the same folder. Every point file carries the sweep's
 * {@link Fingerprint}; a folder of another sweep is refused rather than mixed.
 */
public final class SweepFolder {

  /** The folder's record of its sweep. */
  public static final String SWEEP_JSON = "sweep.json";

  /** The sub-folder of point files. */
  public static final String POINTS = "points";

  /** The version of the folder's format, in sweep.json and every point file. */
  static final int FORMAT = 1;

  private static final Pattern POINT_FILE = Pattern.compile("(0|[1-9][0-9]{0,8})\\.json");

  /**
   * The files svcsim writes into the folder itself (besides point files), whose temporary files
   * a killed run may leave behind there.
   */
  private static final List<String> OWN_FILES = List.of(SWEEP_JSON, "results.csv", "results.json", "report.html");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path dir;
  private final String fingerprint;
  private final SweepInfo info;
  private final String shard;

  private SweepFolder(Path dir, String fingerprint, SweepInfo info, String shard) {
    this.dir = dir;
    this.fingerprint = fingerprint;
    this.info = info;
    this.shard = shard;
  }

  /** Something in a folder that keeps svcsim from using it; the message says what to do. */
  public static final class FolderException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    FolderException(String message) {
      super(message);
    }
  }

  /**
   * Opens the folder of a sweep run, without creating it yet ({@link #prepare} does): a folder
   * that does not exist, or is empty, is a new one with no points.
   *
   * @param shard the share of the points this run takes ({@code I/N}), or null for all of them
   * @throws FolderException when the folder is a file, is not empty and holds no sweep, or holds
   *     another sweep (another fingerprint) or another shard
   */
  public static SweepFolder open(Path dir, String fingerprint, SweepInfo info, String shard) throws IOException {
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new FolderException(dir + " is a file; name a folder for the sweep's results");
    }
    Path record = dir.resolve(SWEEP_JSON);
    if (Files.isRegularFile(record)) {
      SweepFolder there = read(dir);
      if (!there.fingerprint.equals(fingerprint)) {
        throw new FolderException(dir + " holds the points of another sweep (" + there.info.name() + ", fingerprint "
            + shortly(there.fingerprint) + "), or of this one before its file or its scenario changed (fingerprint now "
            + shortly(fingerprint) + "); svcsim will not mix them. Use another --out, or delete " + dir
            + " to start this sweep over");
      }
      if (!Objects.equals(there.shard, shard)) {
        throw new FolderException(dir + " holds " + describeShard(there.shard) + " of this sweep, and this run is "
            + describeShard(shard) + "; use another --out for it (svcsim sweep merge combines shard folders)");
      }
      return there;
    }
    if (Files.isDirectory(dir)) {
      try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, e -> !leftOfAKilledPrepare(e))) {
        if (entries.iterator().hasNext()) {
          throw new FolderException(dir + " is not empty and holds no " + SWEEP_JSON + ", so it is not a sweep's folder;"
              + " use another --out, or empty it");
        }
      }
    }
    return new SweepFolder(dir, fingerprint, info, shard);
  }

  /**
   * What a run killed in its first {@link #prepare} leaves in a folder without sweep.json: an
   * empty points folder, or a temporary file of sweep.json. Such a folder is taken up as new.
   */
  private static boolean leftOfAKilledPrepare(Path entry) throws IOException {
    String name = entry.getFileName().toString();
    if (name.equals(POINTS) && Files.isDirectory(entry)) {
      try (DirectoryStream<Path> files = Files.newDirectoryStream(entry)) {
        return !files.iterator().hasNext();
      }
    }
    return isOwnTemporary(name, List.of(SWEEP_JSON));
  }

  /**
   * Makes the folder ready for point files: creates it with its sweep.json if need be, and
   * removes the temporary files a killed run left behind (the points it had in progress, and
   * sweep.json or results it was writing).
   */
  public void prepare() throws IOException {
    Path record = dir.resolve(SWEEP_JSON);
    Files.createDirectories(dir.resolve(POINTS));
    if (!Files.isRegularFile(record)) {
      DurableFiles.write(record, sweepJson());
    }
    removeTemporaryFiles();
  }

  /**
   * Reads an existing sweep folder (its sweep.json), as {@code svcsim sweep merge} does.
   *
   * @throws FolderException when it holds no sweep.json, or one svcsim cannot read
   */
  public static SweepFolder read(Path dir) throws IOException {
    Path record = dir.resolve(SWEEP_JSON);
    String text;
    try {
      text = Files.readString(record, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new FolderException(dir + " holds no " + SWEEP_JSON + ": it is not the folder of a svcsim sweep");
    }
    try {
      JsonNode n = JSON.readTree(text);
      requireFormat(n, record);
      List<Expectation> expectations = new ArrayList<>();
      for (JsonNode e : array(n, "expectations", record)) {
        Expectation.Op op = Expectation.Op.fromSymbol(text(e, "op", record));
        if (op == null) {
          throw bad(record, "an expectation's op is " + e.path("op"));
        }
        expectations.add(new Expectation(text(e, "name", record), text(e, "metric", record), op,
            number(e, "value", record), number(e, "tolerance", record)));
      }
      SweepInfo info = new SweepInfo(text(n, "sweep", record), integer(n, "seed", record),
          (int) integer(n, "replications", record), strings(n, "parameters", record), strings(n, "metrics", record),
          expectations, (int) integer(n, "points", record));
      String shard = n.path("shard").isNull() ? null : text(n, "shard", record);
      return new SweepFolder(dir, text(n, "fingerprint", record), info, shard);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw bad(record, e.getMessage());
    }
  }

  public Path dir() {
    return dir;
  }

  public String fingerprint() {
    return fingerprint;
  }

  public SweepInfo info() {
    return info;
  }

  /** The shard this folder holds ({@code I/N}), or null for the whole sweep. */
  public String shard() {
    return shard;
  }

  /** The first 12 hex digits of a fingerprint, for messages. */
  public static String shortly(String fingerprint) {
    return fingerprint.length() > 12 ? fingerprint.substring(0, 12) : fingerprint;
  }

  private static String describeShard(String shard) {
    return shard == null ? "the whole sweep" : "shard " + shard;
  }

  // ------------------------------------------------------------------ point files

  /** The point file of point {@code index}. */
  public Path pointFile(int index) {
    return dir.resolve(POINTS).resolve(index + ".json");
  }

  /** Writes a finished point, atomically and durably. */
  public void write(PointOutcome outcome) throws IOException {
    DurableFiles.write(pointFile(outcome.index()), pointJson(outcome));
  }

  /**
   * Every finished point in the folder, by index.
   *
   * @throws FolderException for a point file of another sweep, or one svcsim cannot read
   */
  public SortedMap<Integer, PointOutcome> points() throws IOException {
    SortedMap<Integer, PointOutcome> out = new TreeMap<>();
    Path points = dir.resolve(POINTS);
    if (!Files.isDirectory(points)) {
      return out;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(points)) {
      for (Path f : files) {
        String name = f.getFileName().toString();
        if (POINT_FILE.matcher(name).matches()) {
          int index = Integer.parseInt(name.substring(0, name.length() - ".json".length()));
          out.put(index, readPoint(f, index));
        }
      }
    }
    return out;
  }

  private void removeTemporaryFiles() throws IOException {
    Path points = dir.resolve(POINTS);
    try (DirectoryStream<Path> files = Files.newDirectoryStream(points)) {
      for (Path f : files) {
        if (DurableFiles.isTemporary(f.getFileName().toString())) {
          Files.deleteIfExists(f);
        }
      }
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path f : files) {
        if (isOwnTemporary(f.getFileName().toString(), OWN_FILES)) {
          Files.deleteIfExists(f);
        }
      }
    }
  }

  /** Whether {@code name} is a temporary file {@link DurableFiles} made while writing one of {@code files}. */
  private static boolean isOwnTemporary(String name, List<String> files) {
    return DurableFiles.isTemporary(name) && files.stream().anyMatch(f -> name.startsWith("." + f + "."));
  }

  private PointOutcome readPoint(Path file, int index) throws IOException {
    try {
      JsonNode n = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
      requireFormat(n, file);
      String print = text(n, "fingerprint", file);
      if (!print.equals(fingerprint)) {
        throw new FolderException(file + " belongs to another sweep (fingerprint " + shortly(print) + ", not "
            + shortly(fingerprint) + "); delete it, or the folder, to run that point again");
      }
      if (integer(n, "point", file) != index) {
        throw bad(file, "it holds point " + n.path("point") + ", not " + index);
      }
      if (index >= info.points()) {
        throw bad(file, "the sweep has " + info.points() + " points, from 0");
      }
      Map<String, String> values = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = object(n, "values", file).fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        values.put(e.getKey(), e.getValue().asText());
      }
      List<RunOutcome> runs = new ArrayList<>();
      for (JsonNode r : array(n, "runs", file)) {
        Map<String, Number> metrics = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = object(r, "metrics", file).fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          JsonNode v = e.getValue();
          metrics.put(e.getKey(), v.isNull() ? null : v.isIntegralNumber() ? (Number) v.longValue() : (Number) v.doubleValue());
        }
        Map<String, String> noValue = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = object(r, "noValue", file).fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          noValue.put(e.getKey(), e.getValue().asText());
        }
        runs.add(new RunOutcome((int) integer(r, "replication", file), integer(r, "seed", file), metrics, noValue,
            r.path("error").isNull() ? "" : text(r, "error", file)));
      }
      String error = n.path("error").isNull() ? "" : text(n, "error", file);
      return new PointOutcome(index, values, runs, error);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw bad(file, e.getMessage());
    }
  }

  // ------------------------------------------------------------------ the JSON

  /** sweep.json: the format, the fingerprint, what results need, the shard. */
  String sweepJson() {
    List<JsonValue> expectations = new ArrayList<>();
    for (Expectation e : info.expectations()) {
      expectations.add(JsonValue.object()
          .put("name", e.name())
          .put("metric", e.metric())
          .put("op", e.op().symbol())
          .put("value", e.value())
          .put("tolerance", e.tolerance())
          .build());
    }
    return json(JsonValue.object()
        .put("svcsimSweepFolder", FORMAT)
        .put("fingerprint", fingerprint)
        .put("sweep", info.name())
        .put("seed", info.seed())
        .put("replications", info.replications())
        .put("points", info.points())
        .put("parameters", strings(info.parameters()))
        .put("metrics", strings(info.metrics()))
        .put("expectations", new JsonValue.Arr(expectations))
        .put("shard", shard)
        .build());
  }

  /** A point file: the format, the fingerprint, the point, its values and every run. */
  String pointJson(PointOutcome o) {
    List<JsonValue> runs = new ArrayList<>();
    for (RunOutcome r : o.runs()) {
      JsonValue.ObjBuilder metrics = JsonValue.object();
      for (Map.Entry<String, Number> e : r.metrics().entrySet()) {
        Number v = e.getValue();
        metrics.put(e.getKey(), v == null ? JsonValue.Null.NULL
            : v instanceof Long || v instanceof Integer ? JsonValue.of(v.longValue()) : JsonValue.of(v.doubleValue()));
      }
      JsonValue.ObjBuilder noValue = JsonValue.object();
      for (Map.Entry<String, String> e : r.noValue().entrySet()) {
        noValue.put(e.getKey(), e.getValue());
      }
      runs.add(JsonValue.object()
          .put("replication", r.replication())
          .put("seed", r.seed())
          .put("metrics", metrics.build())
          .put("noValue", noValue.build())
          .put("error", r.ok() ? null : r.error())
          .build());
    }
    JsonValue.ObjBuilder values = JsonValue.object();
    for (Map.Entry<String, String> e : o.values().entrySet()) {
      values.put(e.getKey(), e.getValue());
    }
    return json(JsonValue.object()
        .put("svcsimSweepPoint", FORMAT)
        .put("fingerprint", fingerprint)
        .put("point", o.index())
        .put("values", values.build())
        .put("runs", new JsonValue.Arr(runs))
        .put("error", o.ok() ? null : o.error())
        .build());
  }

  private static String json(JsonValue v) {
    StringWriter w = new StringWriter();
    try {
      JsonReportWriter.write(v, w);
    } catch (IOException e) {
      throw new IllegalStateException("a StringWriter does not fail", e);
    }
    return w.toString();
  }

  private static JsonValue strings(List<String> list) {
    List<JsonValue> items = new ArrayList<>();
    for (String s : list) {
      items.add(JsonValue.of(s));
    }
    return new JsonValue.Arr(items);
  }

  // ------------------------------------------------------------------ reading it back

  private static FolderException bad(Path file, String why) {
    return new FolderException(file + " is not a file svcsim can read back (" + why + "); delete it, or the whole"
        + " folder, to run its points again");
  }

  private static void requireFormat(JsonNode n, Path file) {
    JsonNode format = n.has("svcsimSweepFolder") ? n.get("svcsimSweepFolder") : n.get("svcsimSweepPoint");
    if (format == null || !format.isInt()) {
      throw bad(file, "no svcsimSweepFolder or svcsimSweepPoint format number");
    }
    if (format.asInt() != FORMAT) {
      throw new FolderException(file + " is in format " + format.asInt() + " of sweep folders; this svcsim reads"
          + " format " + FORMAT + ". Rerun the sweep with this svcsim into another --out");
    }
  }

  private static String text(JsonNode n, String key, Path file) {
    JsonNode v = n.get(key);
    if (v == null || !v.isTextual()) {
      throw bad(file, key + " is not a string");
    }
    return v.asText();
  }

  private static long integer(JsonNode n, String key, Path file) {
    JsonNode v = n.get(key);
    if (v == null || !v.isIntegralNumber() || !v.canConvertToLong()) {
      throw bad(file, key + " is not an integer");
    }
    return v.asLong();
  }

  private static double number(JsonNode n, String key, Path file) {
    JsonNode v = n.get(key);
    if (v == null || !v.isNumber()) {
      throw bad(file, key + " is not a number");
    }
    return v.asDouble();
  }

  private static JsonNode array(JsonNode n, String key, Path file) {
    JsonNode v = n.get(key);
    if (v == null || !v.isArray()) {
      throw bad(file, key + " is not a list");
    }
    return v;
  }

  private static JsonNode object(JsonNode n, String key, Path file) {
    JsonNode v = n.get(key);
    if (v == null || !v.isObject()) {
      throw bad(file, key + " is not an object");
    }
    return v;
  }

  private static List<String> strings(JsonNode n, String key, Path file) {
    List<String> out = new ArrayList<>();
    for (JsonNode s : array(n, key, file)) {
      if (!s.isTextual()) {
        throw bad(file, key + " holds something other than strings");
      }
      out.add(s.asText());
    }
    return out;
  }
}
