package dev.peerl.bridge.mapping;

import dev.peerl.codec.Atom;
import dev.peerl.codec.ErlMap;
import dev.peerl.codec.Term;
import dev.peerl.codec.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * A sealed interface (or class) of records and enums, as a message protocol is: each value maps as
 * its own type does, and a term finds its type by its shape. An atom is an enum constant; a tuple
 * is the tagged record of that tag and arity ({@code {get, K}} and {@code {get, K, Default}} may be
 * two records); a map is the record its {@code __struct__} names, or the only {@link
 * RecordStyle#MAP} record. Permitted sealed interfaces are flattened into this one.
 */
final class SealedCodec implements Codec {
  private record TagArity(Atom tag, int arity) {}

  private final Class<?> type;
  private final Map<Class<?>, Codec> byClass = new HashMap<>();
  private final Map<Atom, Enum<?>> constants = new HashMap<>();
  private final Map<TagArity, RecordCodec> tuples = new HashMap<>();
  private final Map<Atom, RecordCodec> structs = new HashMap<>();
  private final List<RecordCodec> maps = new ArrayList<>();
  private final StringJoiner shapes = new StringJoiner(", ", "one of ", "");
  private final boolean structKey;

  SealedCodec(Class<?> type, CodecFactory factory) {
    this.type = type;
    this.structKey = factory.settings().structKey();
    addPermitted(type, factory);
    if (!structKey && maps.size() > 1) {
      throw new TermMappingException(
          type.getName()
              + " permits more than one MAP-style record, which only __struct__ tells apart:"
              + " turn on TermMapper.Builder.structKey(true)");
    }
  }

  private void addPermitted(Class<?> sealed, CodecFactory factory) {
    for (Class<?> permitted : sealed.getPermittedSubclasses()) {
      if (permitted.isSealed() && !permitted.isRecord() && !permitted.isEnum()) {
        addPermitted(permitted, factory);
        continue;
      }
      Codec codec = factory.codecFor(permitted);
      if (codec instanceof RecordCodec record) {
        addRecord(record);
      } else if (codec instanceof EnumCodec enumCodec) {
        addEnum(enumCodec);
      } else {
        throw new TermMappingException(
            type.getName()
                + " permits "
                + permitted.getName()
                + ", which is neither a record, an enum nor a sealed type");
      }
      byClass.put(permitted, codec);
    }
  }

  private void addRecord(RecordCodec record) {
    switch (record.style()) {
      case TAGGED_TUPLE -> {
        RecordCodec clash = tuples.put(new TagArity(record.tag(), record.arity()), record);
        if (clash != null) {
          throw clash(clash, record, record.shapeText());
        }
      }
      case MAP -> {
        maps.add(record);
        RecordCodec clash = structs.put(record.tag(), record);
        if (clash != null && structKey) {
          throw clash(clash, record, "__struct__ => " + record.tag());
        }
      }
      case TUPLE ->
          throw new TermMappingException(
              type.getName()
                  + " permits "
                  + record.type().getName()
                  + ", an untagged TUPLE record, which no term can be told to be");
    }
    shapes.add(record.shapeText());
  }

  private TermMappingException clash(RecordCodec one, RecordCodec other, String shape) {
    return new TermMappingException(
        one.type().getName() + " and " + other.type().getName() + " both map to " + shape);
  }

  private void addEnum(EnumCodec enumCodec) {
    for (Map.Entry<Atom, Enum<?>> entry : enumCodec.constants().entrySet()) {
      Enum<?> clash = constants.put(entry.getKey(), entry.getValue());
      if (clash != null) {
        throw new TermMappingException(
            clash + " and " + entry.getValue() + " both map to " + entry.getKey());
      }
      shapes.add(entry.getKey().toString());
    }
  }

  @Override
  public Term encode(Object value, int depth) {
    Class<?> own =
        value instanceof Enum<?> constant ? constant.getDeclaringClass() : value.getClass();
    Codec codec = byClass.get(own);
    if (codec == null) {
      throw new TermMappingException(own.getName() + " is not one of " + byClass.keySet());
    }
    try {
      return codec.encode(value, depth);
    } catch (TermMappingException e) {
      throw atRoot(e, depth, own);
    }
  }

  @Override
  public Object decode(Term term, int depth) {
    RecordCodec record = null;
    if (term instanceof Atom atom) {
      Enum<?> constant = constants.get(atom);
      if (constant != null) {
        return constant;
      }
    } else if (term instanceof Tuple tuple
        && tuple.arity() > 0
        && tuple.get(0) instanceof Atom tag) {
      record = tuples.get(new TagArity(tag, tuple.arity()));
    } else if (term instanceof ErlMap map) {
      record = structKey ? struct(map) : maps.size() == 1 ? maps.get(0) : null;
    }
    if (record == null) {
      throw TermMappingException.expected(shapes.toString(), term);
    }
    try {
      return record.decode(term, depth);
    } catch (TermMappingException e) {
      throw atRoot(e, depth, record.type());
    }
  }

  /**
   * Outermost, names the record chosen ({@code add.key}), as the mapper names an outermost record;
   * inside a record, the component's name says enough.
   */
  private static TermMappingException atRoot(TermMappingException e, int depth, Class<?> chosen) {
    return depth == 0 && chosen.isRecord()
        ? e.inField(Names.decapitalize(chosen.getSimpleName()))
        : e;
  }

  private RecordCodec struct(ErlMap map) {
    Optional<Term> tag = map.get(MapperSettings.STRUCT);
    return tag.isPresent() && tag.get() instanceof Atom atom ? structs.get(atom) : null;
  }
}
