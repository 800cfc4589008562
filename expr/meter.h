/*
** meter.h: the work meter of one spec's check (DC_MAX_CHECK_WORK).
**
** Work is counted in estimated nanoseconds of evaluation on the machine
** the limit was sized on (verify/work.c holds the cost model).  Every
** evaluation charges its cost before it runs; once a charge would pass the
** limit, it and every later one are refused, and the checker reports
** "check budget exceeded" instead of running on for minutes.
**
** The meter is one per process: a check is single-threaded, and `-j` runs
** each spec in a process of its own.  dc_check_spec starts it afresh for
** every spec.
*/
#ifndef DC_METER_H
#define DC_METER_H

/* Start a fresh meter that allows `limit` units (<= 0: no limit). */
void dc_meter_start(double limit);

/* Charge `units`.  0 when they fit; -1 when they would pass the limit:
** nothing is charged then, and the meter stays exceeded. */
int dc_meter_charge(double units);

/* Whether a charge was refused since the meter started. */
int dc_meter_exceeded(void);

/* Add work that has been done (building expressions): never refused, but
** once the sum passes the limit, dc_meter_over says so and later charges
** are refused. */
void dc_meter_add(double units);
int dc_meter_over(void);

/* The units charged so far, and the meter's limit (0: none). */
double dc_meter_spent(void);
double dc_meter_limit(void);

#endif
