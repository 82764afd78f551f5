package dev.peerl.codec;

import java.util.Arrays;
import java.util.Objects;

/**
 * A reference: node, creation and 1 to 5 32-bit words (5 since V4_NC). The words are one number,
 * the first least significant, so references that differ only by high zero words are equal, as in
 * OTP; each keeps its own word count for encoding.
 */
public final class Ref implements Term {
  /** The most words a reference carries on the wire (NEWER_REFERENCE_EXT). */
  public static final int MAX_WORDS = 5;

  private final Atom node;
  private final int creation;
  private final int[] ids;

  private Ref(Atom node, int creation, int[] ids) {
    this.node = node;
    this.creation = creation;
    this.ids = ids;
  }

  public static Ref of(Atom node, int creation, int... ids) {
    Objects.requireNonNull(node, "node");
    if (ids.length < 1 || ids.length > MAX_WORDS) {
      throw new IllegalArgumentException("a reference has 1 to 5 words, not " + ids.length);
    }
    return new Ref(node, creation, ids.clone());
  }

  static Ref ofOwned(Atom node, int creation, int[] ids) {
    return new Ref(node, creation, ids);
  }

  public Atom node() {
    return node;
  }

  public int creation() {
    return creation;
  }

  public int wordCount() {
    return ids.length;
  }

  public int word(int index) {
    return ids[Checks.index(index, ids.length)];
  }

  int[] ids() {
    return ids;
  }

  @Override
  public boolean equals(Object other) {
    return other == this
        || (other instanceof Ref ref
            && ref.creation == creation
            && ref.node.equals(node)
            && Arrays.equals(ref.ids, 0, significantWords(ref.ids), ids, 0, significantWords(ids)));
  }

  // OTP reads the words as one number, so high zero words do not count: [5] =:= [5, 0, 0].
  private static int significantWords(int[] ids) {
    int n = ids.length;
    while (n > 1 && ids[n - 1] == 0) {
      n--;
    }
    return n;
  }

  @Override
  public int hashCode() {
    int hash = 31 * node.hashCode() + creation;
    for (int i = 0, n = significantWords(ids); i < n; i++) {
      hash = 31 * hash + ids[i];
    }
    return hash;
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder("#Ref<").append(node.name());
    for (int i = ids.length - 1; i >= 0; i--) {
      text.append('.').append(Integer.toUnsignedString(ids[i]));
    }
    return text.append('>').toString();
  }
}
