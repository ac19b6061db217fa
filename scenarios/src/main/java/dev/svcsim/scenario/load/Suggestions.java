package dev.svcsim.scenario.load;

import java.util.Collection;
import java.util.Locale;

/** "Did you mean" suggestions: the closest known word within a small edit distance. */
public final class Suggestions {

  private Suggestions() {}

  /**
   * The known word closest to {@code word} by case-insensitive edit distance, if that distance is
   * at most a third of the word's length (at least 1, at most 3); null otherwise. Ties go to the
   * word that sorts first, so suggestions are deterministic.
   */
  public static String closest(String word, Collection<String> known) {
    if (word.length() > 64) {
      return null;
    }
    String w = word.toLowerCase(Locale.ROOT);
    int limit = Math.max(1, Math.min(3, word.length() / 3));
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String k : known) {
      if (Math.abs(k.length() - w.length()) > limit) {
        continue;
      }
      int d = distance(w, k.toLowerCase(Locale.ROOT));
      if (d <= limit && (d < bestDistance || (d == bestDistance && k.compareTo(best) < 0))) {
        best = k;
        bestDistance = d;
      }
    }
    return best;
  }

  /** Optimal string alignment distance (Levenshtein plus adjacent transpositions). */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        int v = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          v = Math.min(v, d[i - 2][j - 2] + 1);
        }
        d[i][j] = v;
      }
    }
    return d[a.length()][b.length()];
  }
}
