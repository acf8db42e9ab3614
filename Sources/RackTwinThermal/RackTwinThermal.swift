// RackTwinThermal
