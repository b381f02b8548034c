/* bench-first-map.c — how long a program takes to show its first window, and its memory then
 *
 *   bench-first-map SETTLE_MS PROGRAM [ARGS…]
 *
 * Watches the X display for top-level windows, starts PROGRAM, and prints one
 * JSON line: the milliseconds from starting it to the map of its first
 * top-level window and to the first drawing into a mapped one (XDamage), and
 * the program's resident memory SETTLE_MS after that drawing (once it has
 * gone idle), and the CPU time all its threads had used at the map and at
 * the drawing, which other programs on a busy machine inflate far less than
 * the wall-clock times. Then it stops PROGRAM. Used by bench-startup to measure MsgScore
 * and another GNOME application the same way. Never fails on time.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <dirent.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <X11/Xlib.h>
#include <X11/extensions/Xdamage.h>

#define TIMEOUT_MS 60000

static double
now_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

/* VmRSS of @pid in KiB, or -1. */
static long
read_rss_kib (pid_t pid)
{
  char path[64];
  char line[256];
  long rss = -1;
  FILE *file;

  snprintf (path, sizeof path, "/proc/%d/status", (int) pid);
  if ((file = fopen (path, "r")) == NULL)
    return -1;
  while (fgets (line, sizeof line, file) != NULL)
    if (strncmp (line, "VmRSS:", 6) == 0)
      rss = strtol (line + 6, NULL, 10);
  fclose (file);
  return rss;
}

/* CPU time of every thread of @pid so far, in ms (schedstat: nanoseconds on
 * the CPU), or -1. */
static double
read_cpu_ms (pid_t pid)
{
  char path[64];
  unsigned long long total = 0;
  struct dirent *entry;
  DIR *tasks;

  snprintf (path, sizeof path, "/proc/%d/task", (int) pid);
  if ((tasks = opendir (path)) == NULL)
    return -1;
  while ((entry = readdir (tasks)) != NULL)
    {
      char stat_path[64 + 256 + 16];
      unsigned long long ns;
      FILE *file;

      if (entry->d_name[0] == '.')
        continue;
      snprintf (stat_path, sizeof stat_path, "%s/%s/schedstat", path, entry->d_name);
      if ((file = fopen (stat_path, "r")) == NULL)
        continue;
      if (fscanf (file, "%llu", &ns) == 1)
        total += ns;
      fclose (file);
    }
  closedir (tasks);
  return total / 1e6;
}

/* Windows go away under us when the program exits: not an error here. */
static int
ignore_x_error (Display     *display,
                XErrorEvent *event)
{
  return 0;
}

/* Waits for the first MapNotify of a window that is not override-redirect
 * (menus and tooltips are) and for the program's first drawing into it.
 * Every top-level gets a damage object when it is created, before anything
 * can be drawn into it; the first damage after the map is the X server
 * clearing the new window to its background, the second the program's
 * first frame. Returns 0 on timeout or when @pid exits. */
static int
wait_for_paint (Display *display,
                int      damage_event,
                pid_t    pid,
                double   deadline,
                double  *mapped_at,
                double  *painted_at,
                double  *mapped_cpu,
                double  *painted_cpu)
{
  struct pollfd fd = { ConnectionNumber (display), POLLIN, 0 };
  Window mapped = None;
  int n_damage = 0;

  while (now_ms () < deadline)
    {
      while (XPending (display) > 0)
        {
          XEvent event;

          XNextEvent (display, &event);
          if (event.type == CreateNotify && !event.xcreatewindow.override_redirect)
            XDamageCreate (display, event.xcreatewindow.window, XDamageReportNonEmpty);
          else if (event.type == MapNotify && !event.xmap.override_redirect && mapped == None)
            {
              mapped = event.xmap.window;
              *mapped_at = now_ms ();
              *mapped_cpu = read_cpu_ms (pid);
            }
          else if (event.type == damage_event + XDamageNotify && mapped != None &&
                   ((XDamageNotifyEvent *) &event)->drawable == mapped)
            {
              XDamageNotifyEvent *damage = (XDamageNotifyEvent *) &event;

              XDamageSubtract (display, damage->damage, None, None);
              if (++n_damage == 2)
                {
                  *painted_at = now_ms ();
                  *painted_cpu = read_cpu_ms (pid);
                  return 1;
                }
            }
        }
      if (waitpid (pid, NULL, WNOHANG) == pid)
        return 0;
      poll (&fd, 1, 5);
    }
  return 0;
}

int
main (int   argc,
      char *argv[])
{
  Display *display;
  int damage_event, damage_error;
  double start, mapped = 0, painted = 0, mapped_cpu = -1, painted_cpu = -1;
  long settle_ms, rss;
  pid_t pid;

  if (argc < 3)
    {
      fprintf (stderr, "usage: %s SETTLE_MS PROGRAM [ARGS…]\n", argv[0]);
      return 2;
    }
  settle_ms = strtol (argv[1], NULL, 10);

  if ((display = XOpenDisplay (NULL)) == NULL)
    {
      fprintf (stderr, "bench-first-map: cannot open the display\n");
      return 1;
    }
  if (!XDamageQueryExtension (display, &damage_event, &damage_error))
    {
      fprintf (stderr, "bench-first-map: the display has no DAMAGE extension\n");
      return 1;
    }
  XSetErrorHandler (ignore_x_error);
  XSelectInput (display, DefaultRootWindow (display), SubstructureNotifyMask);
  XSync (display, False);

  start = now_ms ();
  pid = fork ();
  if (pid < 0)
    {
      perror ("fork");
      return 1;
    }
  if (pid == 0)
    {
      close (ConnectionNumber (display));
      execvp (argv[2], argv + 2);
      fprintf (stderr, "bench-first-map: %s: %s\n", argv[2], strerror (errno));
      _exit (127);
    }

  if (!wait_for_paint (display, damage_event, pid, start + TIMEOUT_MS, &mapped, &painted,
                       &mapped_cpu, &painted_cpu))
    {
      fprintf (stderr, "bench-first-map: %s showed no window\n", argv[2]);
      kill (pid, SIGKILL);
      waitpid (pid, NULL, 0);
      return 1;
    }
  usleep (settle_ms * 1000);
  rss = read_rss_kib (pid);

  kill (pid, SIGTERM);
  waitpid (pid, NULL, 0);
  XCloseDisplay (display);

  printf ("{\"program\":\"%s\",\"first_map_ms\":%.1f,\"first_paint_ms\":%.1f,"
          "\"cpu_to_map_ms\":%.1f,\"cpu_to_paint_ms\":%.1f,"
          "\"rss_kib\":%ld,\"settle_ms\":%ld}\n",
          argv[2], mapped - start, painted - start, mapped_cpu, painted_cpu, rss, settle_ms);
  return 0;
}
