import { signForm } from './form';
import './widget-form-type';

// The inline form and its country list are most of the full variant's weight: kept out of
// widget.js, so every page showing only the count loads less (and stays within its budget).
window.solidarityForm = signForm;
