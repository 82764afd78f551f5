package dev.peerl.bridge.mapping;

import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The little of generic types the mapper needs: a type's class, its type arguments, and the
 * components of a generic record with the record's type arguments put in ({@code Box<Person>}'s
 * {@code T value} is a {@code Person}).
 */
final class Types {
  private Types() {}

  /** The class a value of {@code type} has, or a supertype of it. */
  static Class<?> rawClass(Type type) {
    if (type instanceof Class<?> c) {
      return c;
    }
    if (type instanceof ParameterizedType parameterized) {
      return (Class<?>) parameterized.getRawType();
    }
    if (type instanceof GenericArrayType array) {
      return java.lang.reflect.Array.newInstance(rawClass(array.getGenericComponentType()), 0)
          .getClass();
    }
    return rawClass(bound(type));
  }

  /**
   * The {@code index}th type argument of {@code type} as a {@code generic} (for example the value
   * type of a {@code Map}); {@code Object} for a raw type or a subclass that fixes it elsewhere.
   */
  static Type argument(Type type, int index) {
    if (type instanceof ParameterizedType parameterized) {
      return bound(parameterized.getActualTypeArguments()[index]);
    }
    return Object.class;
  }

  /** The component type of an array type. */
  static Type componentType(Type type) {
    if (type instanceof GenericArrayType array) {
      return bound(array.getGenericComponentType());
    }
    return rawClass(type).getComponentType();
  }

  /** A wildcard or an unresolved type variable as the type its values surely have. */
  static Type bound(Type type) {
    if (type instanceof WildcardType wildcard) {
      return bound(wildcard.getUpperBounds()[0]);
    }
    if (type instanceof TypeVariable<?> variable) {
      return bound(variable.getBounds()[0]);
    }
    return type;
  }

  /** The bindings of a generic class's type variables in {@code type}; empty when raw. */
  static Map<TypeVariable<?>, Type> bindings(Type type) {
    Map<TypeVariable<?>, Type> bindings = new HashMap<>();
    if (type instanceof ParameterizedType parameterized) {
      TypeVariable<?>[] variables = rawClass(type).getTypeParameters();
      Type[] arguments = parameterized.getActualTypeArguments();
      for (int i = 0; i < variables.length; i++) {
        bindings.put(variables[i], arguments[i]);
      }
    }
    return bindings;
  }

  /** {@code type} with the bound variables replaced; unbound ones are left for {@link #bound}. */
  static Type resolve(Type type, Map<TypeVariable<?>, Type> bindings) {
    if (bindings.isEmpty()) {
      return type;
    }
    if (type instanceof TypeVariable<?> variable) {
      return bindings.getOrDefault(variable, variable);
    }
    if (type instanceof ParameterizedType parameterized) {
      Type[] arguments = parameterized.getActualTypeArguments().clone();
      for (int i = 0; i < arguments.length; i++) {
        arguments[i] = resolve(arguments[i], bindings);
      }
      return new Parameterized(
          (Class<?>) parameterized.getRawType(), arguments, parameterized.getOwnerType());
    }
    if (type instanceof GenericArrayType array) {
      Type component = resolve(array.getGenericComponentType(), bindings);
      return component instanceof Class<?> c
          ? java.lang.reflect.Array.newInstance(c, 0).getClass()
          : (GenericArrayType) () -> component;
    }
    if (type instanceof WildcardType wildcard) {
      return resolve(wildcard.getUpperBounds()[0], bindings);
    }
    return type;
  }

  /**
   * A parameterized type made by {@link #resolve}, equal to the JDK's for the same type (same
   * {@code equals} and {@code hashCode} contract), so both find the same cached codec.
   */
  private record Parameterized(Class<?> raw, Type[] arguments, Type owner)
      implements ParameterizedType {
    @Override
    public Type[] getActualTypeArguments() {
      return arguments.clone();
    }

    @Override
    public Type getRawType() {
      return raw;
    }

    @Override
    public Type getOwnerType() {
      return owner;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof ParameterizedType that
          && raw.equals(that.getRawType())
          && Objects.equals(owner, that.getOwnerType())
          && Arrays.equals(arguments, that.getActualTypeArguments());
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(arguments) ^ Objects.hashCode(owner) ^ raw.hashCode();
    }

    @Override
    public String toString() {
      StringBuilder text = new StringBuilder(raw.getTypeName()).append('<');
      for (int i = 0; i < arguments.length; i++) {
        text.append(i == 0 ? "" : ", ").append(arguments[i].getTypeName());
      }
      return text.append('>').toString();
    }
  }
}
