package io.crmventas.core.channel;

import io.crmventas.core.internal.Check;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Cuts a long reply into chat bubbles shorter than a limit, at sentence ends where it can: whole
 * sentences are packed into each bubble; a sentence longer than the limit is cut at its last
 * space before the limit (or, with no space, at the limit, never inside a character such as an
 * emoji, a flag or an emoji with a skin tone). A link longer than the limit is never cut
 * (neither half would open): it is a bubble of its own, the one bubble that may reach the limit
 * or pass it. Blank-line paragraph breaks always start a new bubble. Immutable and thread-safe.
 */
public final class ReplySplitter {
  /** WhatsApp bubbles that read like a person typing: under 400 characters. */
  public static final int DEFAULT_LIMIT = 400;

  private final int limit;

  /** @param limit every bubble but a long link has fewer characters than this (at least 2) */
  public ReplySplitter(int limit) {
    this.limit = (int) Check.atLeast("limit", limit, 2);
  }

  /** Splits {@code reply}; blank text gives no bubbles. */
  public List<String> split(String reply) {
    Objects.requireNonNull(reply, "reply");
    List<String> bubbles = new ArrayList<>();
    for (String paragraph : reply.strip().split("\\n\\s*\\n")) {
      StringBuilder current = new StringBuilder();
      char separator = ' ';
      for (String sentence : sentences(paragraph.strip())) {
        // A sentence that ended at a line break ("Opciones:\n- Plan A") keeps it in the bubble.
        boolean lineBreak = sentence.endsWith("\n");
        for (String piece : cut(sentence.strip())) {
          int joined = current.length() == 0 ? piece.length() : current.length() + 1 + piece.length();
          if (joined < limit) {
            if (current.length() > 0) {
              current.append(separator);
            }
            current.append(piece);
          } else {
            flush(current, bubbles);
            current.append(piece);
          }
          separator = ' ';
        }
        separator = lineBreak ? '\n' : ' ';
      }
      flush(current, bubbles);
    }
    return bubbles;
  }

  private static void flush(StringBuilder current, List<String> bubbles) {
    if (!current.toString().isBlank()) {
      bubbles.add(current.toString().strip());
    }
    current.setLength(0);
  }

  /**
   * Words that end in a period without ending the sentence ("la Dra. Pérez", "EE. UU.", "aprox.
   * 20"), in Spanish and English, compared in lower case.
   */
  private static final Set<String> ABBREVIATIONS = Set.of(
      "sr", "sra", "srta", "sres", "dr", "dra", "lic", "ing", "arq", "prof", "ud", "uds", "vd", "vds",
      "etc", "aprox", "ej", "p", "pág", "pag", "av", "avda", "nro", "núm", "num", "tel", "depto", "dpto",
      "ee", "uu", "cía", "cia", "s.a", "mr", "mrs", "ms", "st", "vs", "approx", "e.g", "i.e", "nº",
      "inc", "ltd", "jr", "min", "máx", "max", "hs", "hrs");

  /**
   * Sentences end at ! ? . or … (with any closing quotes or brackets) before whitespace, or at a
   * line break. A period or ellipsis does not end one before a lower-case word ("Bueno... mirá"),
   * after an abbreviation or an initial ("Dra.", "J. Pérez"), or after a number that opens it (a
   * list item, "1. Plan A").
   */
  private static List<String> sentences(String text) {
    List<String> out = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean end = c == '\n';
      if (c == '.' || c == '!' || c == '?' || c == '…') {
        int j = i + 1;
        while (j < text.length() && "\"')]»”".indexOf(text.charAt(j)) >= 0) {
          j++;
        }
        if ((j == text.length() || Character.isWhitespace(text.charAt(j)))
            && (c == '!' || c == '?' || endsSentence(text, start, i, j))) {
          i = j - 1;
          end = true;
        }
      }
      if (end) {
        add(out, text.substring(start, i + 1));
        start = i + 1;
      }
    }
    add(out, text.substring(start));
    return out;
  }

  /** Whether the period or ellipsis at {@code dot}, followed by whitespace from {@code after}, ends its sentence. */
  private static boolean endsSentence(String text, int start, int dot, int after) {
    int next = after;
    while (next < text.length() && text.charAt(next) != '\n' && Character.isWhitespace(text.charAt(next))) {
      next++;
    }
    if (next < text.length() && Character.isLowerCase(text.codePointAt(next))) {
      return false;
    }
    if (text.charAt(dot) == '…' || dot > 0 && text.charAt(dot - 1) == '.') {
      return true;   // an ellipsis before a capital, a line break or the end
    }
    int wordStart = dot;
    while (wordStart > start && !Character.isWhitespace(text.charAt(wordStart - 1))) {
      wordStart--;
    }
    String word = text.substring(wordStart, dot).replaceAll("^[\"'(\\[«“¿¡]+", "");
    if (word.isEmpty()) {
      return true;
    }
    if (word.codePointCount(0, word.length()) == 1 && Character.isLetter(word.codePointAt(0))) {
      return false;  // an initial
    }
    if (ABBREVIATIONS.contains(word.toLowerCase(Locale.ROOT))) {
      return false;
    }
    boolean opensSentence = text.substring(start, wordStart).isBlank();
    return !(opensSentence && word.chars().allMatch(Character::isDigit));
  }

  /** Adds the sentence stripped, with a trailing line break kept if one followed it. */
  private static void add(List<String> out, String s) {
    String t = s.strip();
    if (!t.isEmpty()) {
      out.add(s.endsWith("\n") ? t + "\n" : t);
    } else if (s.contains("\n") && !out.isEmpty() && !out.get(out.size() - 1).endsWith("\n")) {
      out.set(out.size() - 1, out.get(out.size() - 1) + "\n"); // "Hola.\nChau.": the break after "Hola."
    }
  }

  /**
   * A sentence in pieces shorter than the limit, cut at spaces where possible. A word longer than
   * the limit is cut too, but never inside a character (a surrogate pair, such as an emoji), and a
   * link is never cut (neither half would work): it goes whole, in a piece of its own, even over
   * the limit.
   */
  private List<String> cut(String sentence) {
    List<String> pieces = new ArrayList<>();
    String rest = sentence;
    while (rest.length() >= limit) {
      int at = rest.lastIndexOf(' ', limit - 1);
      if (at <= 0) {
        int space = rest.indexOf(' ');
        String word = space < 0 ? rest : rest.substring(0, space);
        if (isLink(word) && word.length() <= OutboundText.MAX_BODY) {
          at = word.length();
        } else {
          at = limit - 1;
          while (at > 0 && !isBoundary(rest, at)) {
            at--;
          }
          if (at == 0) {
            // One character or emoji sequence as long as the limit: it goes whole.
            at = limit - 1;
            while (at < rest.length() && !isBoundary(rest, at)) {
              at++;
            }
          }
        }
      }
      if (at >= rest.length()) {
        break;
      }
      pieces.add(rest.substring(0, at).strip());
      rest = rest.substring(at).strip();
    }
    if (!rest.isEmpty()) {
      pieces.add(rest);
    }
    return pieces;
  }

  /**
   * Whether text may be cut before index {@code i}: not inside a surrogate pair, nor inside what
   * reads as one character, such as an emoji with a skin tone or a variation selector, emoji
   * joined by U+200D (a family), a flag (a pair of regional indicators), a keycap or a letter
   * with a combining accent.
   */
  private static boolean isBoundary(String s, int i) {
    if (i <= 0 || i >= s.length()) {
      return true;
    }
    if (Character.isLowSurrogate(s.charAt(i)) && Character.isHighSurrogate(s.charAt(i - 1))) {
      return false;
    }
    int next = s.codePointAt(i);
    int prev = s.codePointBefore(i);
    if (prev == ZWJ || next == ZWJ || extendsPrevious(next)) {
      return false;
    }
    if (isRegionalIndicator(next) && isRegionalIndicator(prev)) {
      int before = 0;
      for (int j = i; j > 0 && isRegionalIndicator(s.codePointBefore(j)); j -= Character.charCount(s.codePointBefore(j))) {
        before++;
      }
      return before % 2 == 0;   // between two flags, not inside one
    }
    return true;
  }

  private static final int ZWJ = 0x200D;

  private static boolean extendsPrevious(int cp) {
    int type = Character.getType(cp);
    return type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK
        || type == Character.COMBINING_SPACING_MARK
        || cp >= 0xFE00 && cp <= 0xFE0F        // variation selectors
        || cp >= 0x1F3FB && cp <= 0x1F3FF      // skin tones
        || cp >= 0xE0020 && cp <= 0xE007F;     // tag characters (subdivision flags)
  }

  private static boolean isRegionalIndicator(int cp) {
    return cp >= 0x1F1E6 && cp <= 0x1F1FF;
  }

  private static boolean isLink(String word) {
    String w = word.toLowerCase(Locale.ROOT);
    return w.startsWith("http://") || w.startsWith("https://") || w.startsWith("www.");
  }
}
