package io.crmventas.core.scoring;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds known phrases in free text in one pass (an Aho-Corasick automaton over normalised
 * characters). Text and phrases are normalised the same way: lower case, accents removed
 * ({@code cuánto} matches {@code cuanto}), punctuation as spaces, whole words only. A phrase of
 * wanting to buy or of hurry right after a negation ("no quiero comprar", "no es urgente") is not
 * a hit.
 *
 * <p>Immutable and thread-safe once built.
 */
public final class PhraseMatcher {
  /** The kinds of phrases the scoring rules look for. */
  public enum Kind {
    /** The lead wants to buy or asks about price or payment. */
    BUYING_INTENT,
    /** The lead is in a hurry. */
    URGENCY,
    /** The lead asks not to be contacted. */
    OPT_OUT,
    /** The lead says they are not interested. */
    NOT_INTERESTED
  }

  /** A phrase found: its kind and the phrase as configured. */
  public record Hit(Kind kind, String phrase) {}

  private static final int ALPHABET = 38; // a-z, 0-9, space, other
  private static final int SPACE = 36;
  private static final int OTHER = 37;

  private final int[][] next;
  private final int[] fail;
  private final List<List<Hit>> output;

  private PhraseMatcher(int[][] next, int[] fail, List<List<Hit>> output) {
    this.next = next;
    this.fail = fail;
    this.output = output;
  }

  /** A matcher for {@code phrases} by kind. Blank phrases are ignored. */
  public static PhraseMatcher of(Map<Kind, ? extends Collection<String>> phrases) {
    List<int[]> trie = new ArrayList<>();
    List<List<Hit>> out = new ArrayList<>();
    trie.add(newNode());
    out.add(new ArrayList<>());
    phrases.forEach((kind, list) -> {
      for (String phrase : list) {
        String norm = normalise(phrase);
        if (norm.isBlank()) {
          continue;
        }
        String bounded = " " + norm.strip() + " ";
        int state = 0;
        for (int i = 0; i < bounded.length(); i++) {
          int c = code(bounded.charAt(i));
          if (trie.get(state)[c] == 0) {
            trie.add(newNode());
            out.add(new ArrayList<>());
            trie.get(state)[c] = trie.size() - 1;
          }
          state = trie.get(state)[c];
        }
        out.get(state).add(new Hit(kind, phrase.strip()));
      }
    });
    int n = trie.size();
    int[][] next = trie.toArray(new int[0][]);
    int[] fail = new int[n];
    int[] queue = new int[n];
    int head = 0;
    int tail = 0;
    for (int c = 0; c < ALPHABET; c++) {
      if (next[0][c] != 0) {
        queue[tail++] = next[0][c];
      }
    }
    while (head < tail) {
      int s = queue[head++];
      out.get(s).addAll(out.get(fail[s]));
      for (int c = 0; c < ALPHABET; c++) {
        int t = next[s][c];
        if (t != 0) {
          fail[t] = next[fail[s]][c];
          queue[tail++] = t;
        } else {
          next[s][c] = next[fail[s]][c];
        }
      }
    }
    List<List<Hit>> frozen = new ArrayList<>(n);
    out.forEach(o -> frozen.add(List.copyOf(o)));
    return new PhraseMatcher(next, fail, frozen);
  }

  private static int[] newNode() {
    int[] node = new int[ALPHABET];
    Arrays.fill(node, 0);
    return node;
  }

  /** The first hit of each kind in {@code texts}, in the order the texts are given. */
  public Map<Kind, Hit> firstHits(List<String> texts) {
    Map<Kind, Hit> hits = new EnumMap<>(Kind.class);
    for (String text : texts) {
      scan(text, hits);
      if (hits.size() == Kind.values().length) {
        break;
      }
    }
    return hits;
  }

  /** The first phrase of {@code kind} in {@code text}, if any. */
  public Optional<Hit> find(String text, Kind kind) {
    return Optional.ofNullable(firstHits(List.of(text)).get(kind));
  }

  /**
   * Words that, among the two before a phrase of wanting to buy or of hurry (with no punctuation
   * between), say the opposite: "no quiero comprar", "no es urgente", "no me interesa comprar",
   * "no tengo presupuesto" ("no sé el precio" still asks the price). Phrases of opting out or of
   * no interest are never negated this way (they often hold a "no" themselves).
   */
  private static final java.util.Set<String> NEGATORS = java.util.Set.of(
      "no", "ni", "nunca", "jamas", "tampoco", "sin", "not", "never", "dont", "don", "doesn", "didn", "isn",
      "aren", "wasn", "won", "cannot", "t");
  /** Words after which "sin" affirms rather than negates: "sin falta", "sin duda". */
  private static final java.util.Set<String> AFTER_SIN = java.util.Set.of("falta", "duda", "dudas");
  private static final int NEGATION_WORDS = 2;

  private void scan(String text, Map<Kind, Hit> hits) {
    int state = next[0][SPACE];
    boolean lastSpace = true;
    // The text as the automaton reads it, with '|' where punctuation ended a word: negations do
    // not reach across it ("no sé, quiero comprar").
    StringBuilder read = new StringBuilder(text.length() + 2).append(' ');
    // Inside a Spanish question ("¿no tienen cuotas?") a "no" asks rather than negates.
    boolean question = false;
    boolean questionStarts = false;
    boolean questionEnds = false;
    for (int i = 0, len = text.length(); i <= len; i++) {
      // Both take effect a character late: the phrase that a "¿" or "?" ends is outside, or
      // inside, the question it opens or closes.
      if (questionStarts) {
        question = true;
        questionStarts = false;
      }
      if (questionEnds) {
        question = false;
        questionEnds = false;
      }
      if (i < len && isCombiningMark(text.charAt(i))) {
        continue;   // a decomposed "cuánto" (the accent after its letter, as some keyboards send it)
      }
      char raw = i == len ? ' ' : text.charAt(i);
      int c = i == len ? SPACE : code(fold(raw));
      if (raw == '¿') {
        questionStarts = true;
      } else if (raw == '?') {
        questionEnds = true;
      }
      boolean stop = !Character.isLetterOrDigit(raw) && !Character.isWhitespace(raw) && !Character.isSpaceChar(raw)
          && raw != '\'' && raw != '’';
      if (c == SPACE || c == OTHER) {
        if (lastSpace) {
          if (stop) {
            read.setCharAt(read.length() - 1, '|');
          }
          continue;
        }
        c = SPACE;
        lastSpace = true;
        read.append(stop ? '|' : ' ');
      } else {
        lastSpace = false;
        read.append(fold(raw));
      }
      state = next[state][c];
      List<Hit> found = output.get(state);
      if (!found.isEmpty()) {
        for (Hit h : found) {
          if (!hits.containsKey(h.kind()) && (question || !negated(h, read))) {
            hits.put(h.kind(), h);
          }
        }
      }
    }
  }

  /** Whether {@code h}, just read to the end of {@code read}, follows a negation (see {@link #NEGATORS}). */
  private static boolean negated(Hit h, StringBuilder read) {
    if (h.kind() != Kind.BUYING_INTENT && h.kind() != Kind.URGENCY) {
      return false;
    }
    int start = read.length() - (normalise(h.phrase()).length() + 2);   // the space before the phrase
    if (start < 0 || read.charAt(start) == '|') {
      return false;
    }
    int end = start;
    String after = "";
    for (int words = 0; words < NEGATION_WORDS && end > 0; words++) {
      int from = end - 1;
      while (from >= 0 && read.charAt(from) != ' ' && read.charAt(from) != '|') {
        from--;
      }
      String word = read.substring(from + 1, end);
      if (NEGATORS.contains(word) && !(word.equals("sin") && AFTER_SIN.contains(after))) {
        return true;
      }
      after = word;
      if (from < 0 || read.charAt(from) == '|') {
        return false;
      }
      end = from;
    }
    return false;
  }

  private static int code(char c) {
    if (c >= 'a' && c <= 'z') {
      return c - 'a';
    }
    if (c >= '0' && c <= '9') {
      return 26 + (c - '0');
    }
    return c == ' ' ? SPACE : OTHER;
  }

  /** An accent written as its own character after its letter (Unicode's combining marks). */
  static boolean isCombiningMark(char c) {
    return c >= 0x0300 && c <= 0x036f;
  }

  /** Lower case without accents for the Latin letters Spanish and English use. */
  static char fold(char c) {
    if (c < 128) {
      return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
    }
    switch (c) {
      case 'á', 'à', 'ä', 'â', 'Á', 'À', 'Ä', 'Â' -> { return 'a'; }
      case 'é', 'è', 'ë', 'ê', 'É', 'È', 'Ë', 'Ê' -> { return 'e'; }
      case 'í', 'ì', 'ï', 'î', 'Í', 'Ì', 'Ï', 'Î' -> { return 'i'; }
      case 'ó', 'ò', 'ö', 'ô', 'Ó', 'Ò', 'Ö', 'Ô' -> { return 'o'; }
      case 'ú', 'ù', 'ü', 'û', 'Ú', 'Ù', 'Ü', 'Û' -> { return 'u'; }
      case 'ñ', 'Ñ' -> { return 'n'; }
      case 'ç', 'Ç' -> { return 'c'; }
      default -> { return ' '; }
    }
  }

  static String normalise(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    boolean lastSpace = true;
    for (int i = 0; i < s.length(); i++) {
      if (isCombiningMark(s.charAt(i))) {
        continue;
      }
      char f = fold(s.charAt(i));
      boolean space = code(f) >= SPACE;
      if (space) {
        if (!lastSpace) {
          sb.append(' ');
        }
      } else {
        sb.append(f);
      }
      lastSpace = space;
    }
    return sb.toString().strip();
  }
}
