import { ApiKey } from './api-key.entity';
import { AuthToken } from './auth-token.entity';
import { CustomFieldDefinition } from './custom-field-definition.entity';
import { CustomerAssignment } from './customer-assignment.entity';
import { Customer } from './customer.entity';
import { Department } from './department.entity';
import { Store } from './store.entity';
import { User } from './user.entity';

export { ApiKey, AuthToken, CustomFieldDefinition, CustomerAssignment, Customer, Department, Store, User };

/** Every entity class, for the ORM configuration. */
export const ENTITIES = [Department, Store, User, AuthToken, ApiKey, Customer, CustomerAssignment, CustomFieldDefinition];
