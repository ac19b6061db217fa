/**
 * Text for quantities in scenario files: {@link dev.svcsim.engine.units.Durations} ({@code
 * 250ms}, {@code 1m30s}, as whole nanoseconds) and {@link dev.svcsim.engine.units.Rates} ({@code
 * 1000/s}, as events per second), both parsed exactly and formatted canonically so that
 * format-then-parse gives back the same value.
 *
 * <p>Every parse error is a {@link dev.svcsim.engine.units.UnitParseException} whose message
 * quotes the text, says what is wrong and what to write instead, and carries the offset of the
 * problem but no file or line: the caller adds those.
 */
package dev.svcsim.engine.units;
