package dev.svcsim.cli;

import dev.svcsim.reports.SweepResults;
import dev.svcsim.scenario.sweep.DurableFiles;
import dev.svcsim.scenario.sweep.PointOutcome;
import dev.svcsim.scenario.sweep.Results;
import dev.svcsim.scenario.sweep.Shard;
import dev.svcsim.scenario.sweep.SweepFolder;
import dev.svcsim.scenario.sweep.SweepInfo;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code svcsim sweep merge}: combines the folders of a sweep's shards into its results. */
@Command(
    name = "merge",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpAutoWidth = true,
    header = "Combine the folders of a sweep's shards into the results of the whole sweep.",
    description = {
      "",
      "Each DIR is the output folder of svcsim sweep --shard I/N (or --shards N in a Kubernetes"
          + " Indexed Job). merge checks that they all hold the same sweep (the same fingerprint"
          + " of the sweep file and its scenario), that no point is in two of them and that none"
          + " is missing, then copies every point file into a new output folder and writes"
          + " results.csv, results.json and report.html from them: the same bytes as an unsharded run of the"
          + " sweep writes. The output folder is then like an unsharded run's, which svcsim sweep"
          + " FILE --out DIR would resume (with nothing left to run).",
      ""
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:every point ran and the results were written",
      "1:some points failed (the results hold each failure's error)",
      "2:bad input or usage: a DIR is not a sweep's folder, the folders hold different sweeps, a"
          + " point is missing or in two folders, or the output folder could not be written",
      "3:internal error (a bug in svcsim: add --debug and report it)"
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  svcsim sweep merge sweep-etp-policy-by-replicas-shard-* --out sweep-etp-policy-by-replicas",
      "  svcsim sweep merge results/shard-0 results/shard-1 results/shard-2 --out results/all"
    })
public final class SweepMergeCommand implements Callable<Integer> {

  /** Most missing points listed in a message. */
  private static final int MAX_LISTED = 20;

  @Spec CommandSpec spec;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "Write the merged sweep to DIR, creating it (default: sweep-NAME in the current"
          + " folder). DIR must be new, or empty.")
  Path out;

  @Parameters(paramLabel = "DIR", arity = "1..*", description = "The shard folders to merge.")
  List<Path> dirs;

  @Override
  public Integer call() {
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    List<SweepFolder> folders = new ArrayList<>();
    for (Path d : dirs) {
      folders.add(SweepCommand.folder(() -> SweepFolder.read(d), d));
    }
    SweepFolder first = folders.get(0);
    for (SweepFolder f : folders) {
      if (!f.fingerprint().equals(first.fingerprint())) {
        throw new InvalidInputException(f.dir() + " holds another sweep than " + first.dir() + " (" + f.info().name()
            + ", fingerprint " + SweepFolder.shortly(f.fingerprint()) + ", not " + first.info().name() + ", fingerprint "
            + SweepFolder.shortly(first.fingerprint()) + "); merge the shard folders of one sweep, run from the same"
            + " sweep file and scenario");
      }
    }
    SweepInfo info = first.info();
    SortedMap<Integer, PointOutcome> points = new TreeMap<>();
    Map<Integer, SweepFolder> from = new TreeMap<>();
    for (SweepFolder f : folders) {
      for (Map.Entry<Integer, PointOutcome> e : SweepCommand.folder(f::points, f.dir()).entrySet()) {
        SweepFolder other = from.putIfAbsent(e.getKey(), f);
        if (other != null) {
          throw new InvalidInputException("point " + e.getKey() + " is in both " + other.dir() + " and " + f.dir()
              + "; merge each shard's folder once");
        }
        points.put(e.getKey(), e.getValue());
      }
    }
    List<Integer> missing = new ArrayList<>();
    for (int i = 0; i < info.points(); i++) {
      if (!points.containsKey(i)) {
        missing.add(i);
      }
    }
    if (!missing.isEmpty()) {
      throw new InvalidInputException(missing(info, missing, folders));
    }
    Path dir = out != null ? out : Path.of("sweep-" + info.name());
    if (folders.stream().anyMatch(f -> same(f.dir(), dir))) {
      throw new InvalidInputException("--out " + dir + " is one of the folders to merge; merge into a new folder");
    }
    SweepFolder target = SweepCommand.folder(() -> SweepFolder.open(dir, first.fingerprint(), info, null), dir);
    if (!SweepCommand.folder(target::points, dir).isEmpty()) {
      throw new InvalidInputException("--out " + dir + " holds points of this sweep already; merge into a new folder");
    }
    SweepCommand.folder(() -> {
      target.prepare();
      for (Map.Entry<Integer, SweepFolder> e : from.entrySet()) {
        DurableFiles.write(target.pointFile(e.getKey()), Files.readAllBytes(e.getValue().pointFile(e.getKey())));
      }
      return null;
    }, dir);
    stdout.println("merged " + ValidateCommand.plural(folders.size(), "folder") + ": "
        + ValidateCommand.plural(info.points(), "point") + " of " + info.name() + ", into " + dir);
    SortedMap<Integer, PointOutcome> merged = SweepCommand.folder(target::points, dir);
    SweepCommand.warnNoValue(err, info, merged.values());
    SweepResults results = Results.of(info, new ArrayList<>(merged.values()));
    SweepCommand.writeResults(dir, results);
    return SweepCommand.summary(stdout, err, dir, results);
  }

  private static boolean same(Path a, Path b) {
    return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
  }

  /** "3 of 10 points are missing: 1, 4, 7 (...)", with which shards are there. */
  private static String missing(SweepInfo info, List<Integer> missing, List<SweepFolder> folders) {
    StringBuilder b = new StringBuilder().append(missing.size()).append(" of ")
        .append(ValidateCommand.plural(info.points(), "point")).append(" of ").append(info.name())
        .append(missing.size() == 1 ? " is" : " are").append(" missing: ");
    for (int i = 0; i < missing.size(); i++) {
      if (i == MAX_LISTED) {
        b.append(", ...");
        break;
      }
      b.append(i == 0 ? "" : ", ").append(missing.get(i));
    }
    TreeSet<Integer> counts = new TreeSet<>();
    TreeSet<Integer> present = new TreeSet<>();
    for (SweepFolder f : folders) {
      Shard shard = f.shard() == null ? new Shard(0, 1) : Shard.parse(f.shard());
      counts.add(shard.count());
      present.add(shard.index());
    }
    if (counts.size() == 1) {
      int n = counts.first();
      List<String> absent = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        if (!present.contains(i)) {
          absent.add(i + "/" + n);
        }
      }
      if (!absent.isEmpty()) {
        return b.append(". No folder holds shard ").append(String.join(", ", absent))
            .append(": run it (svcsim sweep FILE --shard I/N), then merge all ").append(n).append(" folders").toString();
      }
    }
    return b.append(". Did a shard not finish? Run it again with svcsim sweep FILE --shard I/N --out ITS-DIR (it"
        + " resumes), then merge again").toString();
  }
}
