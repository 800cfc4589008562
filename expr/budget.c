/*
** budget.c: the process's work meter (budget.h).
*/
#include "expr/budget.h"

static struct {
  double limit, spent;
  int exceeded;
} meter;

void dc_budget_start(double limit)
{
  meter.limit = limit > 0 ? limit : 0;
  meter.spent = 0;
  meter.exceeded = 0;
}

int dc_budget_charge(double units)
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

int dc_budget_exceeded(void)
{
  return meter.exceeded;
}

double dc_budget_spent(void)
{
  return meter.spent;
}

double dc_budget_limit(void)
{
  return meter.limit;
}
