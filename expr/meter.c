/*
** meter.c: the process's work meter (meter.h).
*/
#include "expr/meter.h"

static struct {
  double limit, spent;
  int exceeded;
} meter;

void dc_meter_start(double limit)
{
  meter.limit = limit > 0 ? limit : 0;
  meter.spent = 0;
  meter.exceeded = 0;
}

int dc_meter_charge(double units)
{
  if (meter.exceeded)
    return -1;
  if (meter.limit > 0 && meter.spent + units > meter.limit) {
    meter.exceeded = 1;
    return -1;
  }
  meter.spent += units;
  return 0;
}

int dc_meter_exceeded(void)
{
  return meter.exceeded;
}

void dc_meter_add(double units)
{
  meter.spent += units;
}

int dc_meter_over(void)
{
  return meter.limit > 0 && meter.spent > meter.limit;
}

double dc_meter_spent(void)
{
  return meter.spent;
}

double dc_meter_limit(void)
{
  return meter.limit;
}
