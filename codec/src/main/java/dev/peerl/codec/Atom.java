package dev.peerl.codec;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * An atom. Equal atoms are equal by name; they need not be the same instance, so atoms read from
 * the wire go through a bounded {@link AtomCache} instead of an intern table that would grow
 * forever.
 */
public final class Atom implements Term {
  /** The longest atom Erlang allows, in characters. */
  public static final int MAX_CHARACTERS = 255;

  public static final Atom EMPTY = new Atom("");
  public static final Atom TRUE = new Atom("true");
  public static final Atom FALSE = new Atom("false");
  public static final Atom OK = new Atom("ok");
  public static final Atom ERROR = new Atom("error");
  public static final Atom UNDEFINED = new Atom("undefined");
  public static final Atom NORMAL = new Atom("normal");
  public static final Atom NOCONNECTION = new Atom("noconnection");

  private final String name;
  private final byte[] utf8;
  private final int utf8Length; // utf8.length, read by the cache without a load through utf8
  private final int hash;
  private final long prefix;
  // The last eight bytes of a name longer than eight, else 0: with the prefix, the whole of a name
  // of up to 16 bytes (most node names), compared without a read through utf8. 8 bytes an atom.
  private final long suffix;
  // The atom as the encoder writes it in full: SMALL_ATOM_UTF8_EXT (or ATOM_UTF8_EXT), the
  // length, the name; one copy instead of a header and a copy.
  private final byte[] external;

  private Atom(String name) {
    this(name, name.getBytes(StandardCharsets.UTF_8));
  }

  Atom(String name, byte[] utf8) {
    this.name = name;
    this.utf8 = utf8;
    this.utf8Length = utf8.length;
    this.hash = name.hashCode();
    this.prefix = AtomCache.prefix(utf8, 0, utf8.length);
    this.suffix = AtomCache.suffix(utf8, 0, utf8.length);
    int n = utf8.length;
    int header = n < 256 ? 2 : 3;
    byte[] bytes = new byte[header + n];
    if (n < 256) {
      bytes[0] = (byte) EtfTags.SMALL_ATOM_UTF8_EXT;
      bytes[1] = (byte) n;
    } else {
      bytes[0] = (byte) EtfTags.ATOM_UTF8_EXT;
      bytes[1] = (byte) (n >>> 8);
      bytes[2] = (byte) n;
    }
    System.arraycopy(utf8, 0, bytes, header, n);
    this.external = bytes;
  }

  byte[] external() {
    return external;
  }

  /**
   * The atom with this name.
   *
   * @throws IllegalArgumentException when the name has more than 255 characters, as Erlang refuses
   */
  public static Atom of(String name) {
    int characters = name.codePointCount(0, name.length());
    if (characters > MAX_CHARACTERS) {
      throw new IllegalArgumentException(
          "atom too long: " + characters + " characters, at most " + MAX_CHARACTERS);
    }
    return switch (name) {
      case "ok" -> OK;
      case "true" -> TRUE;
      case "false" -> FALSE;
      case "error" -> ERROR;
      case "undefined" -> UNDEFINED;
      default -> new Atom(name);
    };
  }

  /** The atom {@code true} or {@code false}. */
  public static Atom of(boolean value) {
    return value ? TRUE : FALSE;
  }

  public String name() {
    return name;
  }

  /** The UTF-8 bytes of the name, as written on the wire. Do not modify. */
  byte[] utf8() {
    return utf8;
  }

  /** The first UTF-8 bytes as {@link AtomCache} compares them first. */
  long prefix() {
    return prefix;
  }

  long suffix() {
    return suffix;
  }

  /** The number of bytes of the name in UTF-8. */
  public int utf8Length() {
    return utf8Length;
  }

  /** Writes the name's UTF-8 bytes into {@code buffer} at {@code index}. */
  public void putUtf8(org.agrona.MutableDirectBuffer buffer, int index) {
    buffer.putBytes(index, utf8);
  }

  @Override
  public boolean equals(Object other) {
    return other == this
        || (other instanceof Atom atom && atom.hash == hash && atom.name.equals(name));
  }

  @Override
  public int hashCode() {
    return hash;
  }

  /** Erlang compares atoms by their UTF-8 bytes, which is code point order. */
  int compareName(Atom other) {
    // The prefixes hold the first eight bytes little-endian and zero-padded: byte-reversed, they
    // compare as those bytes do, and when they are equal and a name is that short, it is a prefix
    // of the other.
    if (prefix != other.prefix) {
      return Long.compareUnsigned(Long.reverseBytes(prefix), Long.reverseBytes(other.prefix));
    }
    if (utf8.length <= Long.BYTES || other.utf8.length <= Long.BYTES) {
      return Integer.compare(utf8.length, other.utf8.length);
    }
    return Arrays.compareUnsigned(utf8, other.utf8);
  }

  @Override
  public String toString() {
    return TermPrinter.atom(name);
  }
}
