package dev.peerl.bridge.mapping;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;

/**
 * A generic type captured for {@link TermMapper#fromTerm(dev.peerl.codec.Term, TypeRef)}, as a
 * {@code Class} cannot say {@code List<Person>}: create an anonymous subclass, {@code new
 * TypeRef<List<Person>>() {}}, once, and keep it in a constant.
 *
 * @param <T> the type
 */
public abstract class TypeRef<T> {
  private final Type type;

  /** Captures the type argument of the anonymous subclass. */
  protected TypeRef() {
    Type superclass = getClass().getGenericSuperclass();
    if (!(superclass instanceof ParameterizedType parameterized)) {
      throw new IllegalStateException(
          "create TypeRef as an anonymous subclass with a type argument: new TypeRef<List<X>>() {}");
    }
    this.type = parameterized.getActualTypeArguments()[0];
  }

  /** The captured type. */
  public Type type() {
    return type;
  }

  @Override
  public String toString() {
    return "TypeRef<" + type.getTypeName() + ">";
  }
}
