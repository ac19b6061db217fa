package dev.svcsim.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code svcsim schema}: prints the JSON Schema of the Scenario and Sweep documents. */
@Command(
    name = "schema",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpAutoWidth = true,
    header = "Print the JSON Schema of the Scenario and Sweep documents, for editors.",
    description = {
      "",
      "Prints the JSON Schema (draft-07) of the kind: Scenario document, and of the kind: Sweep"
          + " document of `svcsim sweep`, to standard output, or writes it to FILE with --out."
          + " Editors that use the YAML language server (VS Code"
          + " with the Red Hat YAML extension, Neovim, Helix, Emacs lsp-mode...) then complete"
          + " field names, show each field's meaning and default on hover, and underline unknown"
          + " fields, bad durations, rates and distributions and unsupported values while you"
          + " type.",
      "",
      "A scenario file holds the Scenario and Kubernetes manifests side by side; the schema"
          + " checks only the document whose kind is Scenario (or Sweep, in a sweep file) and"
          + " accepts every other document as it is, so one schema serves scenario and sweep"
          + " files. It checks the form of each field; `svcsim validate` (or `svcsim sweep`)"
          + " still checks the rest (references, CIDR overlaps, the Services as the API server"
          + " would).",
      "",
      "To use it, save it once (svcsim schema --out scenario.schema.json), then either make this the"
          + " first line of a scenario file, with the path relative to that file or a URL:",
      "",
      "  # yaml-language-server: $schema=scenario.schema.json",
      "",
      "or map it to your scenario files in the editor's settings, e.g. in VS Code's"
          + " settings.json:",
      "",
      "  \"yaml.schemas\": { \"./scenario.schema.json\": [\"scenarios/**/*.yaml\"] }",
      "",
      "JetBrains IDEs: Settings > Languages & Frameworks > Schemas and DTDs > JSON Schema"
          + " Mappings. Save the schema again after upgrading svcsim: it describes this version.",
      ""
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:the schema was printed or written", "2:FILE could not be written"},
    footerHeading = "%nExamples:%n",
    footer = {
      "  svcsim schema                               print it",
      "  svcsim schema --out scenario.schema.json       save it beside your scenarios",
      "  svcsim schema > ~/.config/svcsim/scenario.schema.json"
    })
public final class SchemaCommand implements Callable<Integer> {

  /** Where the schema lives on the class path. */
  public static final String RESOURCE = "/dev/svcsim/scenario/scenario.schema.json";

  @Spec CommandSpec spec;

  @Option(
      names = "--out",
      paramLabel = "FILE",
      description = "Write the schema to FILE (creating its folder if needed) instead of standard"
          + " output; prints nothing else.")
  Path out;

  /** Accepted only to say what to write instead: -o names a format everywhere else. */
  @Option(names = "-o", hidden = true, paramLabel = "FILE")
  String dashO;

  /** The schema, byte for byte as svcsim ships it. */
  public static byte[] schemaBytes() {
    try (InputStream in = SchemaCommand.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the schema resource " + RESOURCE + " is missing from the svcsim jar");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the schema resource " + RESOURCE, e);
    }
  }

  @Override
  public Integer call() {
    if (dashO != null) {
      throw new InvalidInputException("schema writes to a file with --out " + dashO
          + " (-o is gone from schema: in run, check and compare -o names the output format)");
    }
    byte[] schema = schemaBytes();
    if (out == null) {
      PrintWriter w = spec.commandLine().getOut();
      w.print(new String(schema, StandardCharsets.UTF_8));
      w.flush();
      return ExitCode.OK;
    }
    try {
      Path parent = out.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.write(out, schema);
    } catch (IOException e) {
      String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      if (e instanceof java.nio.file.AccessDeniedException) {
        why = "permission denied";
      } else if (e instanceof java.nio.file.FileAlreadyExistsException) {
        why = "a file is in the way of a folder on that path";
      }
      throw new InvalidInputException("cannot write " + out + ": " + why);
    }
    return ExitCode.OK;
  }
}
