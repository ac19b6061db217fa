package dev.svcsim.cli;

import dev.svcsim.cli.Terminal.ColorMode;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** {@code --color=WHEN}, for the commands that print coloured text. */
final class ColorOption {

  @Option(
      names = "--color",
      paramLabel = "WHEN",
      defaultValue = "auto",
      converter = ModeConverter.class,
      description = "Colour the output: auto (default: only when standard output is a terminal and"
          + " NO_COLOR is not set), always, or never.")
  ColorMode mode = ColorMode.AUTO;

  /** Whether text for standard output should carry colour. */
  boolean forStdout() {
    return Terminal.colour(mode, Terminal.isTerminal(Terminal.STDOUT), System.getenv());
  }

  /** Reads auto, always or never, in any case. */
  static final class ModeConverter implements ITypeConverter<ColorMode> {
    @Override
    public ColorMode convert(String value) {
      try {
        return ColorMode.valueOf(value.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(
            "--color must be auto, always or never, not \"" + value + "\"");
      }
    }
  }
}
