package dev.svcsim.scenario.fuzz;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.svcsim.scenario.Problem;
import dev.svcsim.scenario.load.LoadResult;
import dev.svcsim.scenario.load.ScenarioLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The loader's promise: any byte string gives a scenario or clean problems, never an uncaught
 * exception, a hang or a stack overflow.
 *
 * <p>{@link #anyBytes} is a Jazzer fuzz test. In a normal build ({@code mvn verify}) it runs in
 * regression mode over the seed inputs in {@code LoaderFuzzTestInputs/anyBytes} (and any crash
 * files found earlier). To fuzz for real, run with {@code JAZZER_FUZZ=1}: see
 * docs/testing.md. {@link #seededMutations} adds a deterministic mutation run so that CI
 * exercises thousands of damaged inputs on every build.
 */
class LoaderFuzzTest {

  private static final ScenarioLoader LOADER = new ScenarioLoader();

  /** Loads {@code data} and checks the result is well formed. */
  static void check(byte[] data) {
    LoadResult r = LOADER.load("fuzz.yaml", data, null);
    assertNotNull(r);
    for (Problem p : r.problems()) {
      assertNotNull(p.toString());
    }
    if (r.ok()) {
      assertFalse(r.problems().stream().anyMatch(Problem::isError));
    } else {
      assertFalse(r.errors().isEmpty(), "a failed load must say why");
    }
  }

  @FuzzTest(maxDuration = "60s")
  void anyBytes(byte[] data) {
    check(data);
  }

  private static byte[] example() throws IOException {
    return Files.readAllBytes(Path.of("examples/etp-local-imbalance.yaml"));
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4})
  void seededMutations(long seed) throws IOException {
    byte[] base = example();
    UniformRandomProvider rng = RandomSource.XO_SHI_RO_256_PP.create(seed);
    assertTimeoutPreemptively(
        Duration.ofSeconds(120),
        () -> {
          for (int round = 0; round < 500; round++) {
            byte[] data = mutate(base, rng);
            try {
              check(data);
            } catch (AssertionError | RuntimeException e) {
              throw new AssertionError(
                  "seed " + seed + " round " + round + " failed on input:\n"
                      + new String(data, java.nio.charset.StandardCharsets.UTF_8), e);
            }
          }
        });
  }

  /** A few random edits: flip, insert or delete bytes, or splice a line elsewhere. */
  private static byte[] mutate(byte[] base, UniformRandomProvider rng) {
    byte[] b = base.clone();
    int edits = 1 + rng.nextInt(4);
    for (int e = 0; e < edits; e++) {
      int kind = rng.nextInt(4);
      int at = rng.nextInt(b.length);
      switch (kind) {
        case 0 -> b[at] = (byte) rng.nextInt(256);
        case 1 -> {
          byte[] alphabet = ":-[]{}&*!|>'\"#\n \t%@`,?".getBytes(java.nio.charset.StandardCharsets.UTF_8);
          byte[] n = new byte[b.length + 1];
          System.arraycopy(b, 0, n, 0, at);
          n[at] = alphabet[rng.nextInt(alphabet.length)];
          System.arraycopy(b, at, n, at + 1, b.length - at);
          b = n;
        }
        case 2 -> {
          int len = Math.min(1 + rng.nextInt(20), b.length - at);
          byte[] n = new byte[b.length - len];
          System.arraycopy(b, 0, n, 0, at);
          System.arraycopy(b, at + len, n, at, b.length - at - len);
          b = n.length == 0 ? base.clone() : n;
        }
        default -> {
          int from = rng.nextInt(b.length);
          int len = Math.min(1 + rng.nextInt(60), b.length - from);
          byte[] n = new byte[b.length + len];
          System.arraycopy(b, 0, n, 0, at);
          System.arraycopy(b, from, n, at, len);
          System.arraycopy(b, at, n, at + len, b.length - at);
          b = n;
        }
      }
    }
    return b;
  }

  @Test
  void hostileInputsGiveCleanErrors() {
    List<String> inputs =
        List.of(
            "[".repeat(200_000),
            "{".repeat(200_000),
            "a: " + "[".repeat(10_000) + "]".repeat(10_000),
            "- ".repeat(50_000) + "x",
            "a: &a [*a]",
            "*undefined",
            "\u0000\u0001\u0002",
            "apiVersion: svcsim.dev/v1\nkind: Scenario\nspec: {duration: 99999999999999999999h}\n",
            "apiVersion: svcsim.dev/v1\nkind: Scenario\nmetadata: {name: x}\nspec: {duration: 1s, seed: 1e400}\n",
            "---\n- 1\n---\n\"x\"\n---\n");
    for (String s : inputs) {
      assertTimeoutPreemptively(
          Duration.ofSeconds(20), () -> check(s.getBytes(java.nio.charset.StandardCharsets.UTF_8)), s.length() > 60 ? s.substring(0, 60) : s);
    }
  }
}
