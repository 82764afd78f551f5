package dev.peerl.runtime.control;

import dev.peerl.codec.Atom;
import dev.peerl.codec.TermEncoder;
import java.util.Arrays;

/**
 * The atoms of one message being encoded, numbered in the order they first appear: the encoder
 * writes each as {@code ATOM_CACHE_REF} with its number, and the distribution header later lists
 * them in that order. Past {@link DistHeader#MAX_ATOM_CACHE_REFS} distinct atoms the rest are
 * written in full. Reused message after message by one thread: {@link #clear()} between them.
 */
public final class MessageAtomRefs implements TermEncoder.AtomRefs {
  // Open addressing over twice the most refs, so that a probe ends at an empty slot quickly.
  private static final int SLOTS = 512;

  private final Atom[] slotAtoms = new Atom[SLOTS];
  private final short[] slotRefs = new short[SLOTS];
  private final Atom[] atoms = new Atom[DistHeader.MAX_ATOM_CACHE_REFS];
  private final short[] usedSlots = new short[DistHeader.MAX_ATOM_CACHE_REFS];
  private int count;

  @Override
  public int refOf(Atom atom) {
    int slot = (atom.hashCode() * 0x9E3779B9) >>> 23; // the top 9 bits: 0..511
    while (true) {
      Atom there = slotAtoms[slot];
      if (there == null) {
        break;
      }
      if (there == atom || there.equals(atom)) {
        return slotRefs[slot];
      }
      slot = (slot + 1) & (SLOTS - 1);
    }
    if (count == atoms.length) {
      return -1;
    }
    slotAtoms[slot] = atom;
    slotRefs[slot] = (short) count;
    usedSlots[count] = (short) slot;
    atoms[count] = atom;
    return count++;
  }

  /** How many distinct atoms were given a reference. */
  public int count() {
    return count;
  }

  /** The atoms in reference order, a new array. */
  public Atom[] toArray() {
    return Arrays.copyOf(atoms, count);
  }

  /** Forgets the message's atoms. */
  public void clear() {
    for (int i = 0; i < count; i++) {
      slotAtoms[usedSlots[i]] = null;
      atoms[i] = null;
    }
    count = 0;
  }
}
