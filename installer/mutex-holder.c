/* Test helper for scripts/wine-installer-test.sh: stands in for a running
 * Counter Desk by holding its named mutex (cmd/counterdesk/messages.go).
 * Built with x86_64-w64-mingw32-gcc; run under Wine.
 *
 *   mutex-holder hold NAME READYFILE STOPFILE
 *       creates the mutex NAME, writes READYFILE, and holds the mutex until
 *       STOPFILE exists (at most 5 minutes)
 *   mutex-holder check NAME
 *       exits 0 if a mutex NAME exists, 1 if not
 */
#include <stdio.h>
#include <string.h>
#include <windows.h>

int main(int argc, char **argv) {
  if (argc == 5 && strcmp(argv[1], "hold") == 0) {
    HANDLE h = CreateMutexA(NULL, FALSE, argv[2]);
    if (h == NULL) {
      fprintf(stderr, "CreateMutex %s: error %lu\n", argv[2], GetLastError());
      return 2;
    }
    FILE *f = fopen(argv[3], "w");
    if (f == NULL) {
      fprintf(stderr, "cannot write %s\n", argv[3]);
      return 2;
    }
    fputs("holding\n", f);
    fclose(f);
    for (int i = 0; i < 3000; i++) {
      if (GetFileAttributesA(argv[4]) != INVALID_FILE_ATTRIBUTES) break;
      Sleep(100);
    }
    CloseHandle(h);
    return 0;
  }
  if (argc == 3 && strcmp(argv[1], "check") == 0) {
    HANDLE h = OpenMutexA(SYNCHRONIZE, FALSE, argv[2]);
    if (h == NULL) return 1;
    CloseHandle(h);
    return 0;
  }
  fprintf(stderr, "usage: mutex-holder hold NAME READYFILE STOPFILE | check NAME\n");
  return 2;
}
