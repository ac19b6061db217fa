package dev.svcsim.engine.units;

/**
 * Thrown when text that should be a duration, a rate or a distribution cannot be parsed.
 *
 * <p>The {@linkplain #getMessage() message} is meant for the person who wrote the text: it quotes
 * the text, says what is wrong and what to write instead, e.g. {@code bad duration "5": a bare
 * number has no unit; write it with one, e.g. "5s" or "5ms" (units: ns, us, ms, s, m, h)}. It
 * carries no location, so callers that know where the text came from (a file, a line, a field) can
 * add their own; {@link #offset()} says where in the text the problem is, for a caret or a
 * highlight.
 */
public final class UnitParseException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final String input;
  private final int offset;
  private final String reason;

  /**
   * Builds the message {@code bad <kind> "<input>": <reason>}.
   *
   * @param kind what was being parsed, e.g. {@code "duration"}
   * @param input the full text that was parsed; {@code null} if there was none
   * @param offset 0-based index in {@code input} of the offending token, {@code input.length()} if
   *     something is missing at the end, or 0 if the problem is the text as a whole
   * @param reason what is wrong and what to do, without the {@code bad <kind> "<input>": } prefix
   */
  public UnitParseException(String kind, String input, int offset, String reason) {
    super(
        input == null
            ? "bad " + kind + ": " + reason
            : "bad " + kind + " " + quote(input) + ": " + reason);
    this.input = input == null ? "" : input;
    this.offset = offset;
    this.reason = reason;
  }

  /** The full text that was parsed, as given (untrimmed); empty if it was {@code null}. */
  public String input() {
    return input;
  }

  /**
   * The 0-based index in {@link #input()} of the offending token; {@code input().length()} when
   * something is missing at the end; 0 when the problem is the text as a whole (empty, overflow).
   */
  public int offset() {
    return offset;
  }

  /**
   * The message without its {@code bad <kind> "<input>": } prefix: what is wrong and what to do.
   * Lets a parser of a larger text (say, a distribution) embed a duration error in its own.
   */
  public String reason() {
    return reason;
  }

  /**
   * {@code text} in double quotes, with quotes, backslashes and control characters escaped: how
   * messages quote the input, for parsers that build messages around it.
   */
  public static String quote(String text) {
    StringBuilder sb = new StringBuilder(text.length() + 2).append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\t' -> sb.append("\\t");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        default -> {
          if (Character.isISOControl(c)) {
            sb.append(String.format("\\u%04X", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"').toString();
  }
}
