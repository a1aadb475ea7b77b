package io.pgkeeper.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.Model.CommandSpec;

class PackageFilesTest {

    @Test
    void gzipIsStandardGzipThatSaysMaxCompressionAndCarriesNoTimeOrName() throws Exception {
        byte[] data = "pgkeeper ".repeat(1000).getBytes(StandardCharsets.UTF_8);
        byte[] gz = PackageFiles.gzip(data);
        assertArrayEquals(data, new GZIPInputStream(new ByteArrayInputStream(gz)).readAllBytes());
        assertEquals(0, gz[3], "no flags: no file name, no comment");
        assertEquals(0, gz[4] | gz[5] | gz[6] | gz[7], "no modification time");
        assertEquals(2, gz[8], "XFL 2: maximum compression, which lintian checks");
        assertEquals(3, gz[9], "OS 3: Unix");
        assertArrayEquals(new byte[0], new GZIPInputStream(new ByteArrayInputStream(PackageFiles.gzip(new byte[0]))).readAllBytes());
    }

    @Test
    void writesAPagePerCommandTheCompletionAndTheChangelog(@TempDir Path root) throws Exception {
        Path doc = Files.createDirectories(root.resolve("usr/share/doc/pgkeeper"));
        Files.writeString(doc.resolve("changelog"), "pgkeeper (1.2.3) unstable; urgency=medium\n");
        PackageFiles.write(root, "1.2.3");
        for (CommandSpec spec : ManPage.pages(PgKeeperCommand.commandLine().getCommandSpec())) {
            Path page = root.resolve("usr/share/man/man1/" + ManPage.pageName(spec) + ".1.gz");
            String troff = new String(new GZIPInputStream(Files.newInputStream(page)).readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(new ManPage(spec, "1.2.3").render(), troff);
        }
        String bash = Files.readString(root.resolve("usr/share/bash-completion/completions/pgkeeper"));
        assertFalse(bash.startsWith("#!"), "bash-completion sources the file: no #! line");
        assertTrue(bash.contains("complete -F _complete_pgkeeper"), bash);
        String zsh = Files.readString(root.resolve("usr/share/zsh/vendor-completions/_pgkeeper"));
        assertTrue(zsh.startsWith("#compdef pgkeeper\n"), zsh);
        // three directories up from vendor-completions/_pgkeeper is usr/share, where the bash script is
        assertTrue(zsh.contains(":A:h:h:h}/bash-completion/completions/pgkeeper\""), zsh);
        assertFalse(Files.exists(doc.resolve("changelog")), "only the compressed changelog is shipped");
        assertEquals("pgkeeper (1.2.3) unstable; urgency=medium\n",
                new String(new GZIPInputStream(Files.newInputStream(doc.resolve("changelog.gz"))).readAllBytes(), StandardCharsets.UTF_8));
    }
}
