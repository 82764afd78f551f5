package dev.peerl.bridge.mapping;

import dev.peerl.codec.Atom;
import dev.peerl.codec.ErlList;
import dev.peerl.codec.ErlMap;
import dev.peerl.codec.Term;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The codecs of collections, arrays, maps and {@code Optional}. */
final class ContainerCodecs {
  private ContainerCodecs() {}

  /** Refuses to go deeper than {@code maxDepth} containers. */
  static void checkDepth(int depth, int maxDepth) {
    if (depth >= maxDepth) {
      throw new TermMappingException(
          "nested deeper than " + maxDepth + " levels (a cyclic collection?)");
    }
  }

  /**
   * A {@code List}, {@code Set}, {@code Collection} or {@code Iterable} and a proper list. Decoded
   * lists and sets are unmodifiable and keep the term's order.
   */
  record CollectionCodec(Codec element, boolean set, int maxDepth) implements Codec {
    @Override
    public Term encode(Object value, int depth) {
      checkDepth(depth, maxDepth);
      Collection<?> collection = value instanceof Collection<?> c ? c : listOf((Iterable<?>) value);
      Term[] terms = new Term[collection.size()];
      int i = 0;
      for (Object item : collection) {
        if (i == terms.length) {
          throw new TermMappingException("the collection grew while it was being mapped");
        }
        try {
          terms[i] = Codec.encodeElement(element, item, depth + 1);
        } catch (TermMappingException e) {
          throw e.inElement(Integer.toString(i));
        }
        i++;
      }
      return ErlList.of(i == terms.length ? terms : java.util.Arrays.copyOf(terms, i));
    }

    private static List<Object> listOf(Iterable<?> iterable) {
      List<Object> items = new ArrayList<>();
      iterable.forEach(items::add);
      return items;
    }

    @Override
    public Object decode(Term term, int depth) {
      checkDepth(depth, maxDepth);
      ErlList list = properList(term);
      List<Object> items = new ArrayList<>(list.size());
      for (int i = 0; i < list.size(); i++) {
        try {
          items.add(element.decode(list.get(i), depth + 1));
        } catch (TermMappingException e) {
          throw e.inElement(Integer.toString(i));
        }
      }
      if (!set) {
        return Collections.unmodifiableList(items);
      }
      Set<Object> unique = new LinkedHashSet<>(items);
      if (unique.size() != items.size()) {
        throw new TermMappingException(
            "duplicate elements for a set: " + TermMappingException.describe(term));
      }
      return Collections.unmodifiableSet(unique);
    }
  }

  static ErlList properList(Term term) {
    if (term instanceof ErlList list && list.isProper()) {
      return list;
    }
    throw TermMappingException.expected("a proper list", term);
  }

  /** An array, of objects or of primitives, and a proper list. */
  record ArrayCodec(Codec element, Class<?> componentType, int maxDepth) implements Codec {
    @Override
    public Term encode(Object value, int depth) {
      checkDepth(depth, maxDepth);
      Term[] terms = new Term[Array.getLength(value)];
      for (int i = 0; i < terms.length; i++) {
        try {
          terms[i] = Codec.encodeElement(element, Array.get(value, i), depth + 1);
        } catch (TermMappingException e) {
          throw e.inElement(Integer.toString(i));
        }
      }
      return ErlList.of(terms);
    }

    @Override
    public Object decode(Term term, int depth) {
      checkDepth(depth, maxDepth);
      ErlList list = properList(term);
      Object array = Array.newInstance(componentType, list.size());
      for (int i = 0; i < list.size(); i++) {
        try {
          Array.set(array, i, element.decode(list.get(i), depth + 1));
        } catch (TermMappingException e) {
          throw e.inElement(Integer.toString(i));
        }
      }
      return array;
    }
  }

  /** A {@code Map} and an Erlang map; decoded maps are unmodifiable, in the term's key order. */
  record MapCodec(Codec key, Codec value, int maxDepth) implements Codec {
    @Override
    public Term encode(Object value, int depth) {
      checkDepth(depth, maxDepth);
      Map<Term, Term> entries = new LinkedHashMap<>();
      for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
        String where = String.valueOf(entry.getKey());
        Term k;
        Term v;
        try {
          k = Codec.encodeElement(key, entry.getKey(), depth + 1);
          v = Codec.encodeElement(this.value, entry.getValue(), depth + 1);
        } catch (TermMappingException e) {
          throw e.inElement(where);
        }
        if (entries.put(k, v) != null) {
          throw new TermMappingException("two keys map to the same term " + k).inElement(where);
        }
      }
      return ErlMap.of(entries);
    }

    @Override
    public Object decode(Term term, int depth) {
      checkDepth(depth, maxDepth);
      if (!(term instanceof ErlMap map)) {
        throw TermMappingException.expected("a map", term);
      }
      Map<Object, Object> entries = new LinkedHashMap<>();
      for (int i = 0; i < map.size(); i++) {
        Term k = map.keyAt(i);
        try {
          Object javaKey = key.decode(k, depth + 1);
          if (entries.put(javaKey, value.decode(map.valueAt(i), depth + 1)) != null) {
            throw new TermMappingException("two keys map to the same Java key " + javaKey);
          }
        } catch (TermMappingException e) {
          throw e.inElement(TermMappingException.describe(k));
        }
      }
      return Collections.unmodifiableMap(entries);
    }
  }

  /**
   * An {@code Optional}: empty as the mapper's atom for absence ({@code undefined} or {@code nil}),
   * present as its value.
   */
  record OptionalCodec(Codec element, Atom empty) implements Codec {
    @Override
    public Term encode(Object value, int depth) {
      Optional<?> optional = (Optional<?>) value;
      return optional.isEmpty() ? empty : element.encode(optional.get(), depth);
    }

    @Override
    public Object decode(Term term, int depth) {
      return empty.equals(term) ? Optional.empty() : Optional.of(element.decode(term, depth));
    }
  }
}
