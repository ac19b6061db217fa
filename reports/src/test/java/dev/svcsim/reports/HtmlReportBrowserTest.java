package dev.svcsim.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens the HTML report in headless Chromium: once with a probe script that measures every
 * chart as laid out in a 1280 x 2000 window ({@code --dump-dom}), once for a screenshot of the
 * whole page (1280 px wide, as tall as the page), which must be far from blank and show each
 * chart's colours inside the box the probe measured (and not the other charts' colours: the pod
 * chart has no amber). The screenshot is kept as {@code target/browser/html-report.png}.
 * Chromium runs with a fresh profile and home folder, no network features and no sandbox (CI
 * runs as root); every process it starts is killed if still there after it exits or after
 * {@value #TIMEOUT_SECONDS} s, and the test fails if one outlives that.
 *
 * <p>Fails, rather than skips, without Chromium: CI installs it ({@code .ci/run}).
 */
@Tag("browser")
class HtmlReportBrowserTest {

  static final int TIMEOUT_SECONDS = 60;
  static final int WIDTH = 1280;
  /** The window's height when measuring; the screenshot is as tall as the page. */
  static final int HEIGHT = 2000;
  static final int MAX_HEIGHT = 12_000;

  /** Where the screenshot is kept for people to look at. */
  static final Path SCREENSHOT = Path.of("target", "browser", "html-report.png");

  /**
   * Appended to a copy of the page: "page width height", then one line per chart, "id left top
   * width height", in CSS pixels.
   */
  static final String PROBE = "<script>(function () {"
      + " var lines = [];"
      + " document.querySelectorAll('svg.chart').forEach(function (s) {"
      + "   var b = s.getBoundingClientRect();"
      + "   lines.push([s.id, Math.round(b.left), Math.round(b.top + window.scrollY), Math.round(b.width),"
      + "     Math.round(b.height)].join(' '));"
      + " });"
      + " var pre = document.createElement('pre'); pre.id = 'probe';"
      + " var page = document.documentElement;"
      + " pre.textContent = ['page', page.scrollWidth, page.scrollHeight].join(' ') + '\\n' + lines.join('\\n');"
      + " document.body.appendChild(pre);"
      + "})();</script>";

  @TempDir Path dir;

  /** A chart's box in CSS pixels, as Chromium laid it out. */
  record Box(int left, int top, int width, int height) {
    boolean within(int w, int h) {
      return left >= 0 && top >= 0 && left + width <= w && top + height <= h;
    }
  }

  @Test
  @Timeout(value = 3 * TIMEOUT_SECONDS, unit = TimeUnit.SECONDS)
  void chromiumRendersEveryChart() throws Exception {
    Path chromium = chromium();
    Report report = ReportSamples.shop();
    String html = HtmlReportWriterTest.html(report);
    Path page = dir.resolve("report.html");
    Files.writeString(page, html, StandardCharsets.UTF_8);

    // 1. The layout: every chart of every Service has a real size on the page.
    String csp = "<meta http-equiv=\"Content-Security-Policy\" content=\"";
    assertTrue(html.contains(csp));
    Path probed = dir.resolve("probed.html");
    Files.writeString(probed, html.replace(csp, csp + "script-src &#39;unsafe-inline&#39;; ")
        .replace("</body>", PROBE + "</body>"), StandardCharsets.UTF_8);
    Path dom = dir.resolve("dom.html");
    run(dir, chromium, List.of("--dump-dom", "--window-size=" + WIDTH + "," + HEIGHT, probed.toUri().toString()), dom);
    String probe = probe(Files.readString(dom, StandardCharsets.UTF_8));
    Map<String, Box> boxes = boxes(probe);
    Matcher pageSize = Pattern.compile("^page (\\d+) (\\d+)$", Pattern.MULTILINE).matcher(probe);
    assertTrue(pageSize.find(), probe);
    assertEquals(WIDTH, Integer.parseInt(pageSize.group(1)), "no horizontal scrolling");
    int height = Integer.parseInt(pageSize.group(2));
    assertTrue(height > HEIGHT && height <= MAX_HEIGHT, "a page taller than a screen: " + height);
    List<String> expected = new ArrayList<>();
    for (int i = 1; i <= report.services().size(); i++) {
      for (String kind : List.of("pods", "nodes", "timeline", "topology")) {
        expected.add("svc-" + i + "-" + kind);
      }
    }
    assertEquals(expected, List.copyOf(boxes.keySet()), "every chart, in page order");
    assertStackedInColumn(boxes);

    // 2. The picture of the whole page: not blank, and every chart shows its colours in its box.
    BufferedImage image = screenshot(dir, chromium, page, height, SCREENSHOT);
    Set<Integer> colours = new HashSet<>();
    long background = 0;
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < WIDTH; x++) {
        int rgb = image.getRGB(x, y) & 0xffffff;
        colours.add(rgb);
        if (rgb == 0xf3f4f6 || rgb == 0xffffff) {
          background++;
        }
      }
    }
    assertTrue(colours.size() >= 200, "a page, not a blank: " + colours.size() + " colours");
    double ink = 1 - (double) background / ((long) WIDTH * height);
    assertTrue(ink >= 0.08, "ink on " + Math.round(ink * 100) + "% of the pixels");

    int delivered = rgb(HtmlCharts.DELIVERED);
    int ingress = rgb(HtmlCharts.INGRESS);
    int failed = rgb(HtmlCharts.FAILED);
    int event = rgb(HtmlCharts.EVENT);
    for (int i = 1; i <= report.services().size(); i++) {
      String id = "svc-" + i;
      assertColour(image, boxes, id + "-pods", delivered, 2, 3000);
      assertEquals(0, count(image, boxes.get(id + "-pods"), ingress, 2),
          "the checks tell one chart from another: the pod chart has no amber");
      assertColour(image, boxes, id + "-nodes", delivered, 2, 2000);
      assertColour(image, boxes, id + "-nodes", ingress, 2, 2000);
      assertColour(image, boxes, id + "-timeline", delivered, 40, 600);
      assertColour(image, boxes, id + "-timeline", failed, 40, 600);
      assertColour(image, boxes, id + "-timeline", event, 40, 100);
      // Edges are translucent: amber and blue over white.
      assertColour(image, boxes, id + "-topology", blend(ingress, 0.6), 24, 1000);
      assertColour(image, boxes, id + "-topology", blend(delivered, 0.6), 24, 500);
    }
  }

  // ------------------------------------------------------------------ Chromium

  /** Chromium on the PATH, or a failure that says how to install it. */
  static Path chromium() {
    String path = System.getenv("PATH");
    for (String name : List.of("chromium", "chromium-browser")) {
      for (String folder : (path == null ? "" : path).split(File.pathSeparator)) {
        if (!folder.isEmpty()) {
          Path candidate = Path.of(folder, name);
          if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
            return candidate;
          }
        }
      }
    }
    return fail("the browser test needs Chromium, and there is no chromium or chromium-browser on the PATH;"
        + " install it, e.g. apt-get install -y chromium (Debian, Ubuntu), then run the tests again");
  }

  /**
   * Runs Chromium headless with a fresh profile in a fresh home folder (so that nothing of the
   * machine's own profile is read or written) under {@code dir}, and standard output to
   * {@code stdout}; kills every process it started once it exits, or after
   * {@value #TIMEOUT_SECONDS} s.
   */
  /** Every chart spans the page's column, has a height, and sits below the one before it. */
  static void assertStackedInColumn(Map<String, Box> boxes) {
    int previousBottom = 0;
    for (Map.Entry<String, Box> e : boxes.entrySet()) {
      Box b = e.getValue();
      assertTrue(b.width() >= 900 && b.width() <= WIDTH, e.getKey() + " spans the column: " + b);
      assertTrue(b.height() >= 100, e.getKey() + " has a height: " + b);
      assertTrue(b.top() >= previousBottom, e.getKey() + " below the chart before it: " + b);
      previousBottom = b.top() + b.height();
    }
  }

  /**
   * A screenshot of {@code page} at {@link #WIDTH} x {@code height}, kept at {@code keep} for
   * people to look at.
   */
  static BufferedImage screenshot(Path dir, Path chromium, Path page, int height, Path keep) throws Exception {
    Path png = dir.resolve("report.png");
    run(dir, chromium, List.of("--screenshot=" + png, "--window-size=" + WIDTH + "," + height,
        page.toUri().toString()), dir.resolve("screenshot.log"));
    Files.createDirectories(keep.getParent());
    Files.copy(png, keep, StandardCopyOption.REPLACE_EXISTING);
    BufferedImage image = ImageIO.read(png.toFile());
    assertEquals(WIDTH, image.getWidth());
    assertEquals(height, image.getHeight());
    return image;
  }

  static void run(Path dir, Path chromium, List<String> args, Path stdout) throws Exception {
    Path home = Files.createTempDirectory(dir, "chromium-");
    List<String> command = new ArrayList<>(List.of(chromium.toString(),
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
        "--disable-crash-reporter", "--disable-breakpad", "--no-default-browser-check", "--hide-scrollbars",
        "--force-device-scale-factor=1", "--user-data-dir=" + home.resolve("profile")));
    command.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(command)
        .redirectOutput(stdout.toFile())
        .redirectError(home.resolve("stderr.log").toFile());
    pb.environment().put("HOME", home.toString());
    pb.environment().put("XDG_CONFIG_HOME", home.resolve("config").toString());
    pb.environment().put("XDG_CACHE_HOME", home.resolve("cache").toString());
    Process p = pb.start();
    Set<ProcessHandle> started = new LinkedHashSet<>();
    boolean finished = false;
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
      while (!(finished = p.waitFor(50, TimeUnit.MILLISECONDS)) && System.nanoTime() < deadline) {
        p.descendants().forEach(started::add);
      }
    } finally {
      p.descendants().forEach(started::add);
      started.forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      p.waitFor(10, TimeUnit.SECONDS);
    }
    String stderr = Files.readString(home.resolve("stderr.log"), StandardCharsets.UTF_8);
    if (!finished) {
      fail("Chromium did not finish in " + TIMEOUT_SECONDS + " s and was killed: " + command + "\n" + tail(stderr));
    }
    assertEquals(0, p.exitValue(), "Chromium failed: " + command + "\n" + tail(stderr));
    assertNoneLeft(home);
  }

  /** No process started with this run's home or profile is still there (waits up to 10 s). */
  private static void assertNoneLeft(Path home) throws InterruptedException {
    String mark = home.toString();
    List<ProcessHandle> left = List.of();
    for (int i = 0; i < 100; i++) {
      left = ProcessHandle.allProcesses()
          .filter(h -> h.info().commandLine().map(c -> c.contains(mark)).orElse(false)).toList();
      if (left.isEmpty()) {
        return;
      }
      Thread.sleep(100);
    }
    List<String> lines = left.stream().map(h -> h.pid() + " " + h.info().commandLine().orElse("")).toList();
    left.forEach(ProcessHandle::destroyForcibly);
    fail("Chromium left processes behind (now killed):\n" + String.join("\n", lines));
  }

  private static String tail(String s) {
    return s.length() <= 4000 ? s : "..." + s.substring(s.length() - 4000);
  }

  // ------------------------------------------------------------------ the probe and the pixels

  /** What the probe wrote into the page. */
  static String probe(String dom) {
    Matcher pre = Pattern.compile("<pre id=\"probe\">(.*?)</pre>", Pattern.DOTALL).matcher(dom);
    assertTrue(pre.find(), "the probe ran:\n" + tail(dom));
    return pre.group(1);
  }

  /** The charts' boxes, in page order. */
  static Map<String, Box> boxes(String probe) {
    return boxes(probe, "svc-");
  }

  /** The boxes of the charts whose id starts with {@code prefix}, in page order. */
  static Map<String, Box> boxes(String probe, String prefix) {
    Map<String, Box> out = new LinkedHashMap<>();
    for (String line : probe.split("\n")) {
      String[] f = line.trim().split(" ");
      if (f.length == 5 && f[0].startsWith(prefix)) {
        out.put(f[0], new Box(Integer.parseInt(f[1]), Integer.parseInt(f[2]), Integer.parseInt(f[3]),
            Integer.parseInt(f[4])));
      }
    }
    return out;
  }

  static void assertColour(BufferedImage image, Map<String, Box> boxes, String chart, int rgb,
      int tolerance, int atLeast) {
    Box b = boxes.get(chart);
    assertTrue(b.within(image.getWidth(), image.getHeight()), chart + " should be inside the screenshot: " + b);
    long n = count(image, b, rgb, tolerance);
    assertTrue(n >= atLeast, chart + ": " + n + " pixels of " + String.format("#%06x", rgb) + " (within "
        + tolerance + "), expected at least " + atLeast + " in " + b);
  }

  /** Pixels within {@code tolerance} (per channel) of {@code rgb} inside the box. */
  static long count(BufferedImage image, Box b, int rgb, int tolerance) {
    long n = 0;
    for (int y = Math.max(0, b.top()); y < Math.min(image.getHeight(), b.top() + b.height()); y++) {
      for (int x = Math.max(0, b.left()); x < Math.min(image.getWidth(), b.left() + b.width()); x++) {
        int p = image.getRGB(x, y);
        if (Math.abs((p >> 16 & 0xff) - (rgb >> 16 & 0xff)) <= tolerance
            && Math.abs((p >> 8 & 0xff) - (rgb >> 8 & 0xff)) <= tolerance
            && Math.abs((p & 0xff) - (rgb & 0xff)) <= tolerance) {
          n++;
        }
      }
    }
    return n;
  }

  static int rgb(String hex) {
    return Integer.parseInt(hex.substring(1), 16);
  }

  /** {@code rgb} drawn with this opacity over white. */
  static int blend(int rgb, double opacity) {
    int out = 0;
    for (int shift = 16; shift >= 0; shift -= 8) {
      int c = rgb >> shift & 0xff;
      out |= (int) Math.round(c * opacity + 255 * (1 - opacity)) << shift;
    }
    return out;
  }
}
