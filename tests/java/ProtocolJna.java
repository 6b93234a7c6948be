// Calling libprotocol from Java through JNA (Debian: libjna-java), with no
// C glue: the declarations below follow include/protocol/*.h, and the
// struct layouts are the library's ABI (fixed-width fields; the error
// record is 4 + 4 + 4 + 256 + 512 bytes). docs/api.md shows this program.
//
//   javac -cp /usr/share/java/jna.jar ProtocolJna.java
//   java -cp /usr/share/java/jna.jar:. -Djna.library.path=LIBDIR ProtocolJna
//
// Prints the version, the referral deadline three working days after Friday
// 2026-11-20 (Wednesday 2026-11-25) and the consent-override outcome for a
// refusal where a child is at risk (permitted), as the C consumers do.
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.ptr.PointerByReference;

public class ProtocolJna {
    /** protocol_date: three ints (int32_t on every platform JNA runs on). */
    @Structure.FieldOrder({"year", "month", "day"})
    public static class Date extends Structure {
        public int year, month, day;

        public static class ByValue extends Date implements Structure.ByValue {
            public ByValue(int y, int m, int d) { year = y; month = m; day = d; }
        }
    }

    /** protocol_error: status, line, column, place[256], message[512]. */
    @Structure.FieldOrder({"code", "line", "column", "place", "message"})
    public static class Error extends Structure {
        public int code, line, column;
        public byte[] place = new byte[256];
        public byte[] message = new byte[512];

        String text() { return Native.toString(message, "UTF-8"); }
    }

    public interface Protocol extends Library {
        Protocol LIB = Native.load("protocol", Protocol.class);

        String protocol_version();
        int protocol_calendar_new(String id, PointerByReference out, Error err);
        int protocol_calendar_add_working_days(Pointer calendar, Date.ByValue date, int n,
                                               Date out, Error err);
        void protocol_calendar_free(Pointer calendar);
        int protocol_pack_load_builtin(String id, PointerByReference out, Error err);
        void protocol_pack_free(Pointer pack);
        // size_t is pointer-sized: JNA's NativeLong on LP64 Linux, where
        // long is 64-bit (on 64-bit Windows use a 64-bit integer type).
        int protocol_evaluate_json(Pointer pack, byte[] caseJson, NativeLong length,
                                   Pointer options, PointerByReference resultJson,
                                   Pointer resultLength, Error err);
        void protocol_free(Pointer p);
    }

    public static void main(String[] args) {
        Protocol lib = Protocol.LIB;
        Error err = new Error();

        PointerByReference cal = new PointerByReference();
        if (lib.protocol_calendar_new(null, cal, err) != 0)
            throw new IllegalStateException(err.text());
        Date due = new Date();
        int status = lib.protocol_calendar_add_working_days(
            cal.getValue(), new Date.ByValue(2026, 11, 20), 3, due, err);
        lib.protocol_calendar_free(cal.getValue());
        if (status != 0)
            throw new IllegalStateException(err.text());

        PointerByReference pack = new PointerByReference();
        if (lib.protocol_pack_load_builtin(null, pack, err) != 0)
            throw new IllegalStateException(err.text());
        byte[] json = ("{\"consent\": {\"status\": \"refused\"},"
                       + " \"concerns\": {\"child_significant_harm\": true}}").getBytes();
        PointerByReference result = new PointerByReference();
        status = lib.protocol_evaluate_json(pack.getValue(), json, new NativeLong(json.length),
                                            null, result, null, err);
        lib.protocol_pack_free(pack.getValue());
        if (status != 0)
            throw new IllegalStateException(err.text());
        String text = result.getValue().getString(0, "UTF-8");
        lib.protocol_free(result.getValue());

        // The outcome of the consent-override decision, from the result JSON
        // (a real program would use a JSON library).
        int at = text.indexOf("\"id\":\"consent-override\"");
        int from = text.indexOf("\"outcome\":\"", at) + 11;
        String outcome = text.substring(from, text.indexOf('"', from));
        System.out.printf("%s %04d-%02d-%02d %s%n", lib.protocol_version(), due.year, due.month,
                          due.day, outcome);
    }
}
