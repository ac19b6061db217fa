package dev.svcsim.cli;

import dev.svcsim.scenario.load.SetOverride;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code --set PATH=VALUE}, for every command that loads a scenario ({@code @Mixin} it): fields
 * changed before the scenario is loaded, in the order given.
 */
public final class ScenarioOverrides {

  @Option(
      names = "--set",
      paramLabel = "PATH=VALUE",
      converter = Converter.class,
      description = {
        "Change one field of the scenario before loading it. Repeat it for more; they apply in"
            + " order, so of two on one field the last wins. PATH is",
        "  FIELD of the Scenario document, or",
        "  KIND/NAMESPACE/NAME:FIELD of a manifest",
        "  (KIND in lower case; node/NAME:FIELD for a node).",
        "  VALUE is read as YAML; null clears a field. A PATH that names nothing, or a manifest"
            + " field svcsim does not read, is an error (exit code 2). See docs/scenario-format.md."
            + " Examples:",
        "  spec.cluster.kubeProxy.mode=ipvs",
        "  spec.traffic[name=users].rate=500/s",
        "  deployment/default/web:spec.replicas=5"
      })
  List<SetOverride> overrides = new ArrayList<>();

  /** The overrides given, in command-line order. */
  public List<SetOverride> overrides() {
    return List.copyOf(overrides);
  }

  /** Reads one {@code --set}: a bad one is a usage error, with the reason. */
  static final class Converter implements ITypeConverter<SetOverride> {
    @Override
    public SetOverride convert(String value) {
      try {
        return SetOverride.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
