package dev.svcsim.models.scenario;

import java.util.Locale;

/** Helpers for enums whose scenario spelling is their lower-case name. */
final class Named {
  private Named() {}

  static String word(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
