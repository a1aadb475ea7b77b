package io.pgkeeper.cli;

import io.pgkeeper.util.PgKeeperVersion;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Writes the files of the package that come from the command model into a staging tree (run by
 * {@code mvn package}, see pom.xml): a man page per command under usr/share/man/man1, and the
 * bash and zsh completion in their standard directories. Also gzips the changelog, since both it
 * and the man pages must be compressed as Debian wants (gzip -9, no name, no time stamp).
 * Usage: {@code java -cp pgkeeper.jar io.pgkeeper.cli.PackageFiles STAGING_ROOT}
 */
public final class PackageFiles {
    private PackageFiles() {}

    public static void main(String[] args) {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: PackageFiles STAGING_ROOT");
        }
        write(Path.of(args[0]), PgKeeperVersion.get());
    }

    static void write(Path root, String version) {
        try {
            Path man = Files.createDirectories(root.resolve("usr/share/man/man1"));
            for (CommandSpec page : ManPage.pages(PgKeeperCommand.commandLine().getCommandSpec())) {
                byte[] troff = new ManPage(page, version).render().getBytes(StandardCharsets.UTF_8);
                Files.write(man.resolve(ManPage.pageName(page) + ".1.gz"), gzip(troff));
            }
            Path bash = Files.createDirectories(root.resolve("usr/share/bash-completion/completions"));
            // bash-completion sources the file, so a #! line would only mislead (lintian says so too)
            String script = CompletionCommand.bash(PgKeeperCommand.commandLine());
            Files.writeString(bash.resolve("pgkeeper"), script.startsWith("#!") ? script.substring(script.indexOf('\n') + 1) : script);
            Path zsh = Files.createDirectories(root.resolve("usr/share/zsh/vendor-completions"));
            Files.writeString(zsh.resolve("_pgkeeper"), CompletionCommand.zshFunction());
            Path changelog = root.resolve("usr/share/doc/pgkeeper/changelog");
            if (Files.exists(changelog)) {
                Files.write(changelog.resolveSibling("changelog.gz"), gzip(Files.readAllBytes(changelog)));
                Files.delete(changelog);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the package files under " + root, e);
        }
    }

    /**
     * gzip at level 9 with the header that says so (XFL = 2, which file(1) reports as "max
     * compression" and lintian checks), no file name and no time stamp (reproducible).
     * java.util.zip.GZIPOutputStream always writes XFL = 0.
     */
    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 2, 3});
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        try {
            DeflaterOutputStream z = new DeflaterOutputStream(out, deflater);
            z.write(data);
            z.finish();
        } finally {
            deflater.end();
        }
        CRC32 crc = new CRC32();
        crc.update(data);
        littleEndian(out, crc.getValue());
        littleEndian(out, data.length & 0xffffffffL);
        return out.toByteArray();
    }

    private static void littleEndian(ByteArrayOutputStream out, long v) {
        for (int i = 0; i < 4; i++) {
            out.write((int) (v >>> (8 * i)) & 0xff);
        }
    }
}
