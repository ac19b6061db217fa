package dev.svcsim.cli;

import dev.svcsim.engine.units.Durations;
import dev.svcsim.engine.units.UnitParseException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads a moment of a run on the timeline's clock (0s is the start of the warmup), such as
 * {@code 0s}, {@code 20s} or {@code 1m30s}: {@code explain --after}, {@code rules --at}.
 */
final class SimulatedTimeConverter implements ITypeConverter<Long> {
  @Override
  public Long convert(String value) {
    long nanos;
    try {
      nanos = Durations.parseNanos(value);
    } catch (UnitParseException e) {
      throw new TypeConversionException(e.getMessage());
    }
    if (nanos < 0) {
      throw new TypeConversionException("a moment of the run cannot be negative: " + value);
    }
    return nanos;
  }
}
