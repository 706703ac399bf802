package io.crmventas.core.channel;

import io.crmventas.core.internal.Check;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Cuts a long reply into chat bubbles shorter than a limit, at sentence ends where it can: whole
 * sentences are packed into each bubble; a sentence longer than the limit is cut at its last
 * space before the limit (or, with no space, at the limit, never inside a character such as an
 * emoji). A link longer than the limit is never cut (neither half would open): it is a bubble of
 * its own, the one bubble that may reach the limit or pass it. Blank-line paragraph breaks always
 * start a new bubble. Immutable and thread-safe.
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

  /** Sentences end at . ! ? or … (with any closing quotes or brackets) before whitespace, or at a line break. */
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
        if (j == text.length() || Character.isWhitespace(text.charAt(j))) {
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
          if (Character.isHighSurrogate(rest.charAt(at - 1))) {
            at = at > 1 ? at - 1 : at + 1;   // the pair stays whole (over the limit only if it is 2)
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

  private static boolean isLink(String word) {
    String w = word.toLowerCase(java.util.Locale.ROOT);
    return w.startsWith("http://") || w.startsWith("https://") || w.startsWith("www.");
  }
}
