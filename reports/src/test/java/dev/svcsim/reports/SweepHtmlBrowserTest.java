package dev.svcsim.reports;

import static dev.svcsim.reports.HtmlReportBrowserTest.HEIGHT;
import static dev.svcsim.reports.HtmlReportBrowserTest.MAX_HEIGHT;
import static dev.svcsim.reports.HtmlReportBrowserTest.PROBE;
import static dev.svcsim.reports.HtmlReportBrowserTest.TIMEOUT_SECONDS;
import static dev.svcsim.reports.HtmlReportBrowserTest.WIDTH;
import static dev.svcsim.reports.HtmlReportBrowserTest.assertColour;
import static dev.svcsim.reports.HtmlReportBrowserTest.boxes;
import static dev.svcsim.reports.HtmlReportBrowserTest.chromium;
import static dev.svcsim.reports.HtmlReportBrowserTest.count;
import static dev.svcsim.reports.HtmlReportBrowserTest.probe;
import static dev.svcsim.reports.HtmlReportBrowserTest.rgb;
import static dev.svcsim.reports.HtmlReportBrowserTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.svcsim.reports.HtmlReportBrowserTest.Box;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens the sweep page in headless Chromium as {@link HtmlReportBrowserTest} opens the run
 * report: a probe measures every chart, then a screenshot of the whole page must show, inside
 * each line chart's box, both lines' colours and ink in the plot area, and inside each heat map's
 * box the scale's lowest and highest colours and the failed point's cell. The screenshot is kept
 * as {@code target/browser/sweep-report.png}.
 */
@Tag("browser")
class SweepHtmlBrowserTest {

  static final Path SCREENSHOT = Path.of("target", "browser", "sweep-report.png");

  @TempDir Path dir;

  @Test
  @Timeout(value = 3 * TIMEOUT_SECONDS, unit = TimeUnit.SECONDS)
  void chromiumDrawsTheCharts() throws Exception {
    Path chromium = chromium();
    String html = SweepHtmlWriter.write(SweepSamples.replicasByMode(3));
    Path page = dir.resolve("report.html");
    Files.writeString(page, html, StandardCharsets.UTF_8);

    String csp = "<meta http-equiv=\"Content-Security-Policy\" content=\"";
    assertTrue(html.contains(csp));
    Path probed = dir.resolve("probed.html");
    Files.writeString(probed, html.replace(csp, csp + "script-src &#39;unsafe-inline&#39;; ")
        .replace("</body>", PROBE + "</body>"), StandardCharsets.UTF_8);
    Path dom = dir.resolve("dom.html");
    run(dir, chromium, List.of("--dump-dom", "--window-size=" + WIDTH + "," + HEIGHT, probed.toUri().toString()), dom);
    String probe = probe(Files.readString(dom, StandardCharsets.UTF_8));
    Map<String, Box> boxes = boxes(probe, "metric-");
    assertEquals(List.of("metric-1-x1", "metric-1-heat-1", "metric-2-x1", "metric-2-heat-1"),
        List.copyOf(boxes.keySet()), "every chart, in page order");
    Matcher pageSize = Pattern.compile("^page (\\d+) (\\d+)$", Pattern.MULTILINE).matcher(probe);
    assertTrue(pageSize.find(), probe);
    assertEquals(WIDTH, Integer.parseInt(pageSize.group(1)), "no horizontal scrolling");
    int height = Integer.parseInt(pageSize.group(2));
    assertTrue(height > 1000 && height <= MAX_HEIGHT, "the page's height: " + height);
    HtmlReportBrowserTest.assertStackedInColumn(boxes);

    BufferedImage image = HtmlReportBrowserTest.screenshot(dir, chromium, page, height, SCREENSHOT);

    for (String metric : List.of("metric-1", "metric-2")) {
      // The line chart: both lines (blue, solid; vermilion, dashed) with their markers and error bars.
      String line = metric + "-x1";
      assertColour(image, boxes, line, rgb(SweepCharts.color(0)), 40, 400);
      assertColour(image, boxes, line, rgb(SweepCharts.color(1)), 40, 250);
      Box b = boxes.get(line);
      // The plot area (below the legend, above the axis labels) has ink, not only white.
      Box plot = new Box(b.left() + b.width() / 10, b.top() + b.height() / 6, b.width() * 8 / 10, b.height() * 3 / 5);
      long ink = b.width() == 0 ? 0 : plot.width() * (long) plot.height() - count(image, plot, 0xffffff, 8);
      assertTrue(ink >= 2000, line + ": " + ink + " pixels of ink in the plot area " + plot);

      // The heat map: the lowest and the highest mean's cells, and the failed point's.
      String heat = metric + "-heat-1";
      assertColour(image, boxes, heat, rgb(SweepCharts.VIRIDIS.get(0)), 3, 2000);
      assertColour(image, boxes, heat, rgb(SweepCharts.VIRIDIS.get(8)), 3, 2000);
      assertColour(image, boxes, heat, rgb(SweepCharts.FAILED_CELL), 3, 2000);
      assertEquals(0, count(image, boxes.get(heat), rgb(SweepCharts.color(1)), 10),
          "the checks tell one chart from another: the heat map has no vermilion");
    }
  }
}
