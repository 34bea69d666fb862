package dev.zhiyu.knowledge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.jena.dboe.base.block.FileMode;
import org.junit.jupiter.api.Test;

/** TDB2's file mode is a stated setting: mapped unless {@code zhiyu.kg.tdbFileMode} says direct; a typo is refused. */
class TdbFileModeTest {
    @Test
    void theSettingIsReadAndAWrongValueIsSaidPlainly() {
        assertEquals(FileMode.direct, TdbStore.fileMode(" Direct "));
        assertEquals(FileMode.mapped, TdbStore.fileMode("mapped"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TdbStore.fileMode("mmap"));
        assertTrue(e.getMessage().contains("应为 direct 或 mapped"), e.getMessage());
        String set = System.getProperty(TdbStore.FILE_MODE);
        assertEquals(set == null ? FileMode.mapped : TdbStore.fileMode(set), TdbStore.fileMode(),
                "the mode in effect is the one configured");
    }
}
