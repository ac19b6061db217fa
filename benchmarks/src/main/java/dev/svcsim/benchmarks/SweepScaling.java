package dev.svcsim.benchmarks;

import dev.svcsim.cli.Svcsim;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The sweep scaling benchmark (issue 7): one 200-point sweep over a bundled example, run with
 * {@code svcsim sweep -j 1} and then {@code -j 2} (or the thread counts given), each into a fresh
 * folder; prints the wall time of each, the speed-up over {@code -j 1}, and checks that every run
 * wrote the same results.csv, byte for byte. A 20-point warm-up sweep comes first so that the
 * measured runs are JIT-compiled.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.svcsim.benchmarks.SweepScaling [SCENARIO] [--threads 1,2] [--duration 5s]
 * </pre>
 *
 * <p>The sweep: externalTrafficPolicy Cluster/Local x web-b replicas 1..10 x 10 rates (200 to
 * 2000/s) of {@code scenarios/examples/etp-local-imbalance.yaml}, one replication each, every run
 * {@code --duration} of simulated time (default 5s).
 */
public final class SweepScaling {

  private SweepScaling() {}

  public static void main(String[] args) throws IOException {
    Path scenario = Path.of("scenarios/examples/etp-local-imbalance.yaml");
    int[] threads = {1, 2};
    String duration = "5s";
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--threads" -> threads = Arrays.stream(args[++i].split(",")).mapToInt(Integer::parseInt).toArray();
        case "--duration" -> duration = args[++i];
        default -> scenario = Path.of(args[i]);
      }
    }
    if (!Files.isRegularFile(scenario)) {
      System.err.println("no scenario file " + scenario + " (run from the repository root, or name one)");
      System.exit(2);
    }
    Path work = Files.createTempDirectory("svcsim-sweep-bench");
    try {
      Path small = write(work, "warmup.yaml", scenario.toAbsolutePath(), duration, 2);
      Path sweep = write(work, "bench.yaml", scenario.toAbsolutePath(), duration, 10);
      run(small, work.resolve("warmup"), threads[threads.length - 1]);
      System.out.printf(Locale.ROOT, "sweep: 200 points x 1 replication of %s, %s each%n", scenario, duration);
      byte[] reference = null;
      double base = 0;
      for (int j : threads) {
        Path out = work.resolve("j" + j);
        long start = System.nanoTime();
        run(sweep, out, j);
        double seconds = (System.nanoTime() - start) / 1e9;
        byte[] csv = Files.readAllBytes(out.resolve("results.csv"));
        if (reference == null) {
          reference = csv;
          base = seconds;
        } else if (!Arrays.equals(reference, csv)) {
          throw new IllegalStateException("-j " + j + " wrote different results than -j " + threads[0]);
        }
        System.out.printf(Locale.ROOT, "-j %d: %.2f s wall, %.2f runs/s, speed-up %.2fx over -j %d%n",
            j, seconds, 200 / seconds, base / seconds, threads[0]);
      }
      System.out.println("results.csv identical for every -j");
    } finally {
      try (Stream<Path> all = Files.walk(work)) {
        all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static Path write(Path dir, String name, Path scenario, String duration, int rates) throws IOException {
    StringBuilder values = new StringBuilder();
    for (int r = 1; r <= rates; r++) {
      values.append(r == 1 ? "" : ", ").append(r * 200).append("/s");
    }
    String text = """
        apiVersion: svcsim.dev/v1
        kind: Sweep
        metadata:
          name: bench
        spec:
          scenario: %s
          seed: 3
          parameters:
            - path: spec.duration
              values: [%s]
            - path: service/default/web:spec.externalTrafficPolicy
              values: [Cluster, Local]
            - path: deployment/default/web-b:spec.replicas
              range: {from: 1, to: 10, step: 1}
            - path: spec.traffic[name=internet-users].rate
              values: [%s]
          metrics:
            - services["default/web"].skew.maxOverMean
            - services["default/web"].latencyMs.p99
        """.formatted(scenario, duration, values);
    Path file = dir.resolve(name);
    Files.writeString(file, text, StandardCharsets.UTF_8);
    return file;
  }

  private static void run(Path sweep, Path out, int threads) {
    StringWriter sink = new StringWriter();
    var cmd = Svcsim.commandLine();
    cmd.setOut(new PrintWriter(sink));
    cmd.setErr(new PrintWriter(sink));
    int code = cmd.execute("sweep", "-j", Integer.toString(threads), "--out", out.toString(), sweep.toString());
    if (code != 0) {
      throw new IllegalStateException("svcsim sweep exited " + code + ":\n" + sink);
    }
  }
}
