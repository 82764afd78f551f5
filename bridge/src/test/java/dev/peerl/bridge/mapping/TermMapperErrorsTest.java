package dev.peerl.bridge.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.peerl.bridge.mapping.Shop.Address;
import dev.peerl.bridge.mapping.Shop.Command;
import dev.peerl.bridge.mapping.Shop.Order;
import dev.peerl.bridge.mapping.Shop.OrderLine;
import dev.peerl.bridge.mapping.Shop.Person;
import dev.peerl.bridge.mapping.Shop.Status;
import dev.peerl.bridge.mapping.Shop.User;
import dev.peerl.codec.Atom;
import dev.peerl.codec.Binary;
import dev.peerl.codec.ErlFloat;
import dev.peerl.codec.ErlList;
import dev.peerl.codec.ErlMap;
import dev.peerl.codec.Int;
import dev.peerl.codec.Term;
import dev.peerl.codec.Tuple;
import java.lang.reflect.Type;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Every way a value or a term can fail to fit, and the message that says where and why. */
class TermMapperErrorsTest {
  private static final TermMapper MAPPER = TermMapper.defaults();
  private static final Address HOME = new Address("Main St", 12345);
  private static final Person ANN = new Person("Ann", 42, Optional.empty(), HOME);

  private static Atom atom(String name) {
    return Atom.of(name);
  }

  private static Binary bin(String text) {
    return Binary.of(text);
  }

  private static TermMappingException assertRefused(String message, Executable mapping) {
    TermMappingException e = assertThrows(TermMappingException.class, mapping);
    assertEquals(message, e.getMessage());
    return e;
  }

  private static void assertDecodeRefused(String message, Term term, Type type) {
    assertRefused(message, () -> MAPPER.fromTerm(term, type));
  }

  private static Term person(Term name, Term age, Term email, Term address) {
    return Tuple.of(atom("person"), name, age, email, address);
  }

  @Test
  void namesThePathToAFieldThatDoesNotFit() {
    Term badZip = Tuple.of(atom("address"), bin("Main St"), bin("x"));
    TermMappingException e =
        assertRefused(
            "person.address.zip: expected an integer, got <<\"x\">>",
            () ->
                MAPPER.fromTerm(
                    person(bin("Ann"), Int.of(1), Atom.UNDEFINED, badZip), Person.class));
    assertEquals("person.address.zip", e.path());
    assertEquals("expected an integer, got <<\"x\">>", e.reason());
  }

  @Test
  void namesListPositionsAndMapKeysInThePath() {
    Term order =
        Tuple.of(
            atom("order"),
            Int.of(1),
            MAPPER.toTerm(ANN),
            ErlList.of(
                MAPPER.toTerm(new OrderLine("A", 1, 1.0, Status.IN_STOCK)),
                Tuple.of(
                    atom("order_line"),
                    bin("B"),
                    ErlFloat.of(2.0),
                    ErlFloat.of(1.0),
                    atom("in_stock"))),
            ErlMap.of(bin("gift"), atom("yes")));
    assertDecodeRefused(
        "order.lines[1].quantity: expected an integer, got 2.0", order, Order.class);
    Term badTag =
        Tuple.of(
            atom("order"),
            Int.of(1),
            MAPPER.toTerm(ANN),
            ErlList.NIL,
            ErlMap.of(bin("gift"), atom("yes")));
    assertDecodeRefused(
        "order.tags[<<\"gift\">>]: expected an integer, got yes", badTag, Order.class);
    assertDecodeRefused(
        "[2]: expected a string (a UTF-8 binary or a charlist), got 3",
        ErlList.of(bin("a"), bin("b"), Int.of(3)),
        new TypeRef<List<String>>() {}.type());
  }

  @Test
  void detectsIntegerOverflow() {
    assertDecodeRefused("integer 2147483648 out of range for int", Int.of(1L << 31), int.class);
    assertDecodeRefused("integer -129 out of range for byte", Int.of(-129), Byte.class);
    assertDecodeRefused("integer 65536 out of range for char", Int.of(65536), char.class);
    assertDecodeRefused(
        "integer 18446744073709551616 out of range for long",
        Int.of(BigInteger.TWO.pow(64)),
        long.class);
    assertDecodeRefused(
        "person.age: integer 4294967296 out of range for int",
        person(bin("Ann"), Int.of(1L << 32), Atom.UNDEFINED, MAPPER.toTerm(HOME)),
        Person.class);
  }

  @Test
  void refusesFloatsThatDoNotFit() {
    assertDecodeRefused(
        "expected a float, got 9007199254740993", Int.of((1L << 53) + 1), double.class);
    assertDecodeRefused("float 1.0e300 out of range for float", ErlFloat.of(1e300), float.class);
    assertRefused(
        "NaN has no Erlang form: Erlang floats are finite", () -> MAPPER.toTerm(Double.NaN));
  }

  @Test
  void reportsAWrongTagOrArityWithTheExpectedShape() {
    assertDecodeRefused(
        "person: expected {person, Name, Age, Email, Address}, got {dog,<<\"Rex\">>}",
        Tuple.of(atom("dog"), bin("Rex")),
        Person.class);
    assertDecodeRefused(
        "person: expected {person, Name, Age, Email, Address}, got {person,<<\"Ann\">>,42}",
        Tuple.of(atom("person"), bin("Ann"), Int.of(42)),
        Person.class);
    assertDecodeRefused(
        "expected one of {put, Key, Value}, {get, Key}, {get, Key, Fallback}, stop, flush,"
            + " got {delete,<<\"k\">>}",
        Tuple.of(atom("delete"), bin("k")),
        Command.class);
  }

  @Test
  void namesTheChosenRecordOfASealedInterfaceInThePath() {
    assertDecodeRefused(
        "put.value: expected an integer, got <<\"one\">>",
        Tuple.of(atom("put"), bin("k"), bin("one")),
        Command.class);
  }

  @Test
  void reportsMissingAndUnexpectedMapKeys() {
    assertDecodeRefused(
        "user: missing key name (expected #{name => Name, nickname => Nickname, roles => Roles})",
        ErlMap.of(atom("roles"), ErlList.NIL),
        User.class);
    assertDecodeRefused(
        "user: unexpected key nick (expected #{name => Name, nickname => Nickname, roles => Roles})"
            .replace("(expected ", "in ")
            .replace(")", ""),
        ErlMap.of(atom("name"), bin("Jo"), atom("nick"), bin("J"), atom("roles"), ErlList.NIL),
        User.class);
    TermMapper structs = TermMapper.builder().structKey(true).build();
    assertRefused(
        "user: expected '__struct__' => 'Elixir.Shop.User', got no '__struct__' key",
        () ->
            structs.fromTerm(
                ErlMap.of(atom("name"), bin("Jo"), atom("roles"), ErlList.NIL), User.class));
  }

  @Test
  void refusesNullsWithThePathToThem() {
    assertRefused(
        "null has no term form; use Optional for absent values", () -> MAPPER.toTerm(null));
    assertRefused(
        "person.address: null has no term form; use Optional for absent values",
        () -> MAPPER.toTerm(new Person("Ann", 1, Optional.empty(), null)));
    assertRefused(
        "[1]: null has no term form; use Optional for absent values",
        () -> MAPPER.toTerm(Arrays.asList("a", null)));
  }

  @Test
  void reportsWhatTheRecordConstructorRefused() {
    assertDecodeRefused(
        "person: Person refused the values: age must not be negative: -1",
        person(bin("Ann"), Int.of(-1), Atom.UNDEFINED, MAPPER.toTerm(HOME)),
        Person.class);
  }

  @Test
  void refusesMalformedStringsAndLists() {
    assertDecodeRefused(
        "expected a string (a UTF-8 binary or a charlist), got <<255,254>>",
        Binary.of(new byte[] {-1, -2}),
        String.class);
    assertDecodeRefused(
        "[1]: expected a Unicode code point, got 55296",
        ErlList.of(Int.of('a'), Int.of(0xD800)),
        String.class);
    assertDecodeRefused(
        "expected a proper list, got [1|2]",
        ErlList.improper(List.of(Int.of(1)), Int.of(2)),
        new TypeRef<List<Integer>>() {}.type());
    assertDecodeRefused(
        "duplicate elements for a set: [1,1]",
        ErlList.of(Int.of(1), Int.of(1)),
        new TypeRef<java.util.Set<Integer>>() {}.type());
    assertDecodeRefused(
        "expected one of [in_stock, back_ordered, gone], got discontinued",
        atom("discontinued"),
        Status.class);
    assertDecodeRefused("expected true or false, got yes", atom("yes"), boolean.class);
    assertDecodeRefused("expected a pid, got ok", Atom.OK, dev.peerl.codec.Pid.class);
  }

  @Test
  void refusesTypesItCannotMapWithTheReason() {
    assertRefused(
        "no mapping for java.lang.Thread: register a TermConverter for it",
        () -> MAPPER.toTerm(Thread.currentThread()));
    record Job(String name, Thread worker) {}
    assertDecodeRefused(
        "job.worker: no mapping for java.lang.Thread: register a TermConverter for it",
        Tuple.of(atom("job"), bin("x"), Atom.UNDEFINED),
        Job.class);
    assertDecodeRefused(
        "the mapper decodes into List, Set or Collection, not java.util.ArrayList",
        ErlList.NIL,
        ArrayList.class);
    assertDecodeRefused(
        "cannot decode into java.lang.Number: declare a record, enum, sealed interface or"
            + " collection type, or Object (the term itself)",
        Int.of(1),
        Number.class);
  }

  @TermRecord(style = RecordStyle.MAP)
  record A(int x) implements AOrB {}

  @TermRecord(style = RecordStyle.MAP)
  record B(int y) implements AOrB {}

  sealed interface AOrB permits A, B {}

  record Twin1(int x) implements Twins {}

  @TermRecord(tag = "twin1")
  record Twin2(int y) implements Twins {}

  sealed interface Twins permits Twin1, Twin2 {}

  @Test
  void refusesSealedInterfacesWhoseRecordsCannotBeToldApart() {
    assertDecodeRefused(
        "dev.peerl.bridge.mapping.TermMapperErrorsTest$AOrB permits more than one MAP-style"
            + " record, which only __struct__ tells apart: turn on"
            + " TermMapper.Builder.structKey(true)",
        ErlMap.EMPTY,
        AOrB.class);
    assertEquals(
        new B(2),
        TermMapper.builder()
            .structKey(true)
            .build()
            .fromTerm(ErlMap.of(atom("__struct__"), atom("b"), atom("y"), Int.of(2)), AOrB.class));
    TermMappingException e =
        assertThrows(TermMappingException.class, () -> MAPPER.fromTerm(Atom.OK, Twins.class));
    assertTrue(e.getMessage().endsWith("both map to {twin1, Y}"), e.getMessage());
  }

  @Test
  void stopsAtCyclicCollectionsAndDeepTerms() {
    List<Object> cycle = new ArrayList<>();
    cycle.add(cycle);
    TermMappingException e = assertThrows(TermMappingException.class, () -> MAPPER.toTerm(cycle));
    assertTrue(e.reason().startsWith("nested deeper than 1024 levels"), e.getMessage());
    // A recursive record type, as deep as a peer may send: each level is a record and a list.
    Term deep = Tuple.of(atom("tree"), bin("leaf"), ErlList.NIL);
    for (int i = 0; i < 100_000; i++) {
      deep = Tuple.of(atom("tree"), bin("branch"), ErlList.of(deep));
    }
    Term tooDeep = deep;
    e = assertThrows(TermMappingException.class, () -> MAPPER.fromTerm(tooDeep, Shop.Tree.class));
    assertTrue(e.reason().startsWith("nested deeper than 1024 levels"), e.getMessage());
    assertTrue(e.path().startsWith("tree.children[0].children[0]."), e.path());
    assertTrue(e.path().endsWith("...") && e.path().length() < 250, e.path());
  }

  @Test
  void reportsConverterFailuresWithThePath() {
    TermMapper mapper =
        TermMapper.builder()
            .converter(
                UUID.class,
                TermConverter.of(
                    id -> Binary.of(id.toString()), t -> UUID.fromString(((Binary) t).utf8())))
            .build();
    record Ticket(UUID id) {}
    TermMappingException e =
        assertThrows(
            TermMappingException.class,
            () -> mapper.fromTerm(Tuple.of(atom("ticket"), bin("nope")), Ticket.class));
    assertEquals("ticket.id", e.path());
    assertTrue(
        e.reason().startsWith("the converter of java.util.UUID refused <<\"nope\">>: "),
        e.getMessage());
    TermMapper nulls =
        TermMapper.builder().converter(UUID.class, TermConverter.of(id -> null, t -> null)).build();
    assertRefused(
        "the converter of java.util.UUID returned null", () -> nulls.toTerm(UUID.randomUUID()));
    assertRefused(
        "the converter of java.util.UUID returned null", () -> nulls.fromTerm(Atom.OK, UUID.class));
  }

  @Test
  void cutsLongTermsShortInMessages() {
    Term big = ErlList.of(java.util.Collections.nCopies(10_000, (Term) Binary.of(new byte[1000])));
    TermMappingException e =
        assertThrows(TermMappingException.class, () -> MAPPER.fromTerm(big, int.class));
    assertTrue(e.getMessage().length() < 200, e.getMessage());
    assertTrue(e.getMessage().endsWith("..."), e.getMessage());
  }

  @Test
  void refusesMapsWhoseKeysCollide() {
    assertDecodeRefused(
        "[<<\"a\">>]: two keys map to the same Java key a",
        ErlMap.of(bin("a"), Int.of(1), ErlList.ofCodePoints("a"), Int.of(2)),
        new TypeRef<Map<String, Integer>>() {}.type());
  }
}
