package dev.peerl.testkit;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Compiles Erlang modules with {@code erlc} into a fresh temporary directory, to pass to {@link
 * ErlangTestNode.Builder#codePath(Path)}. The directories are deleted when the JVM exits.
 *
 * <pre>{@code
 * Path beams = ErlangCompiler.compile(Path.of("src/test/erlang"));
 * Path shared = ErlangCompiler.compileResources("peerl_corpus"); // from codec's test-jar
 * }</pre>
 */
public final class ErlangCompiler {
  /** The classpath folder holding Erlang sources, as codec's test-jar packs them. */
  public static final String RESOURCE_FOLDER = "erlang/";

  static final Duration ERLC_TIMEOUT = Duration.ofSeconds(60);

  private ErlangCompiler() {}

  /**
   * Compiles {@code .erl} files, and every {@code .erl} file directly inside any directory given.
   *
   * @return the directory holding the {@code .beam} files
   * @throws ErlangCompileException when {@code erlc} reports errors
   * @throws ErlangNotFoundException when there is no {@code erlc}
   */
  public static Path compile(Path... sourcesOrDirectories) {
    List<Path> sources = new ArrayList<>();
    for (Path path : sourcesOrDirectories) {
      if (Files.isDirectory(path)) {
        sources.addAll(erlFilesIn(path));
      } else {
        sources.add(path);
      }
    }
    return compile(sources);
  }

  /**
   * Compiles modules found on the classpath as {@code erlang/<module>.erl}, such as those in
   * codec's test-jar.
   *
   * @return the directory holding the {@code .beam} files
   * @throws IllegalArgumentException when a module is not on the classpath
   */
  public static Path compileResources(String... modules) {
    Path sourceDirectory = temporaryDirectory("peerl-erl-src-");
    List<Path> sources = new ArrayList<>();
    for (String module : modules) {
      Path source = sourceDirectory.resolve(module + ".erl");
      copyResource(RESOURCE_FOLDER + module + ".erl", source);
      source.toFile().deleteOnExit();
      sources.add(source);
    }
    return compile(sources);
  }

  private static Path compile(List<Path> sources) {
    if (sources.isEmpty()) {
      throw new IllegalArgumentException("no Erlang sources to compile");
    }
    Path erlc = ErlangExecutables.erlc();
    Path output = temporaryDirectory("peerl-beam-");
    Path report = output.resolve("erlc.out");
    List<String> command = new ArrayList<>(List.of(erlc.toString(), "-o", output.toString()));
    sources.forEach(source -> command.add(source.toAbsolutePath().toString()));
    try {
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(report.toFile())
              .start();
      if (!process.waitFor(ERLC_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new ErlangTimeoutException("erlc did not compile " + sources, ERLC_TIMEOUT, "");
      }
      String printed = Files.readString(report, StandardCharsets.UTF_8);
      if (process.exitValue() != 0) {
        throw new ErlangCompileException(
            sources, "erlc exited with status " + process.exitValue(), printed);
      }
      Files.delete(report);
    } catch (IOException e) {
      throw new ErlangNotFoundException("cannot run " + erlc + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ErlangTestKitException("interrupted while compiling " + sources, e);
    }
    deleteOnExit(output);
    return output;
  }

  private static List<Path> erlFilesIn(Path directory) {
    try (Stream<Path> files = Files.list(directory)) {
      return files.filter(file -> file.getFileName().toString().endsWith(".erl")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + directory, e);
    }
  }

  private static void copyResource(String name, Path target) {
    try (InputStream resource = ErlangCompiler.class.getClassLoader().getResourceAsStream(name)) {
      if (resource == null) {
        throw new IllegalArgumentException("no classpath resource " + name);
      }
      Files.copy(resource, target, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy classpath resource " + name, e);
    }
  }

  private static Path temporaryDirectory(String prefix) {
    try {
      Path directory = Files.createTempDirectory(prefix);
      directory.toFile().deleteOnExit();
      return directory;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary directory", e);
    }
  }

  /** The JVM deletes in reverse order of registration, so files go before their directory. */
  private static void deleteOnExit(Path directory) {
    File[] files = directory.toFile().listFiles();
    if (files != null) {
      for (File file : files) {
        file.deleteOnExit();
      }
    }
  }
}
