package dev.peerl.bridge.mapping;

import dev.peerl.codec.Atom;
import dev.peerl.codec.Term;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/**
 * An enum and atoms, one per constant: its name in the mapper's naming, or its {@link TermName}.
 */
final class EnumCodec implements Codec {
  private final Map<Enum<?>, Atom> atoms;
  private final Map<Atom, Enum<?>> constants;

  @SuppressWarnings({"unchecked", "rawtypes"})
  EnumCodec(Class<?> type, Naming naming) {
    Class<? extends Enum> enumType = (Class<? extends Enum>) type;
    this.atoms = new EnumMap(enumType);
    this.constants = new HashMap<>();
    for (Enum<?> constant : enumType.getEnumConstants()) {
      Atom atom = atomOf(enumType, constant, naming);
      Enum<?> clash = constants.put(atom, constant);
      if (clash != null) {
        throw new TermMappingException(
            type.getName()
                + "."
                + clash.name()
                + " and "
                + constant.name()
                + " both map to "
                + atom);
      }
      atoms.put(constant, atom);
    }
  }

  private static Atom atomOf(Class<?> type, Enum<?> constant, Naming naming) {
    TermName name;
    try {
      name = type.getField(constant.name()).getAnnotation(TermName.class);
    } catch (NoSuchFieldException e) {
      throw new IllegalStateException("an enum constant without its field: " + constant, e);
    }
    return name != null ? Names.atomNamed(name.value()) : Names.atom(constant.name(), naming);
  }

  /** The constants and their atoms, for a sealed interface that permits this enum. */
  Map<Atom, Enum<?>> constants() {
    return constants;
  }

  @Override
  public Term encode(Object value, int depth) {
    return atoms.get(value);
  }

  @Override
  public Object decode(Term term, int depth) {
    Enum<?> constant = constants.get(term);
    if (constant == null) {
      throw TermMappingException.expected("one of " + atoms.values(), term);
    }
    return constant;
  }
}
