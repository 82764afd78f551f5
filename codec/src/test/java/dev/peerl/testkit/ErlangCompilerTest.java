package dev.peerl.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.peerl.codec.Atom;
import dev.peerl.codec.Tuple;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ErlangCompilerTest {

  @Test
  void compilesAModuleANodeCanCall() {
    Path beams = ErlangCompiler.compileResources("peerl_testkit_sample");

    try (ErlangTestNode node = ErlangTestNode.builder().codePath(beams).start()) {
      assertEquals(
          Tuple.of(Atom.of("hello"), Atom.of("world")),
          node.eval("peerl_testkit_sample:hello(world)"));
    }
  }

  @Test
  void compilesEveryModuleOfASourceDirectory() {
    Path beams = ErlangCompiler.compile(Path.of("src/test/erlang"));

    assertTrue(Files.exists(beams.resolve("peerl_testkit_sample.beam")));
    assertTrue(Files.exists(beams.resolve("peerl_testkit.beam")));
  }

  @Test
  void reportsCompileErrorsWithErlcsOutput(@TempDir Path sources) throws IOException {
    Path broken = sources.resolve("peerl_broken.erl");
    Files.writeString(
        broken, "-module(peerl_broken).\n-export([f/0]).\nf() -> undefined_var.\ng( ->\n");

    ErlangCompileException failed =
        assertThrows(ErlangCompileException.class, () -> ErlangCompiler.compile(broken));

    assertTrue(failed.output().contains("peerl_broken.erl:4"), failed::output);
    assertTrue(failed.getMessage().contains("syntax error"), failed::getMessage);
  }

  @Test
  void refusesAModuleThatIsNotOnTheClasspath() {
    assertThrows(
        IllegalArgumentException.class, () -> ErlangCompiler.compileResources("peerl_no_such"));
  }
}
